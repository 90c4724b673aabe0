# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ddx_global_optspecs
    string join \n q/quiet v/verbose config= no-config color= h/help V/version
end

function __fish_ddx_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ddx_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ddx_using_subcommand
    set -l cmd (__fish_ddx_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ddx -n "__fish_ddx_needs_command" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_needs_command" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_needs_command" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_needs_command" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_needs_command" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_needs_command" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_needs_command" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "ask" -d 'Ask the model one question and stream the answer to stdout'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "audit" -d 'Counterfactual and robustness probes of a case file: variants that should not change the answer (sex, race, age, insurance, housing, language, option order and letters, wording, an irrelevant normal lab, and the unchanged case as a control)'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "batch" -d 'Run a model over a JSONL case file: one JSON result per input line, in input order'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "bench" -d 'Measure speed and memory: single stream (like llama-bench) or batch throughput'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "eval" -d 'Score a model against cases with a gold \'answer\': accuracy, per-class precision/recall, calibration'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "runs" -d 'The ledger of batch and eval runs: list, show, remove, import result files made elsewhere'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "templates" -d 'List the prompt templates (built-in and your own) and the built-in chat templates'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "render" -d 'Show what the model would be sent for each case, without generating: the messages, the prompt after the chat template, its tokens'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "sdx" -d 'Sequential diagnosis: the model asks, examines and orders priced tests one step at a time, then commits to a diagnosis; accuracy against cost'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "report" -d 'Write a report of one or more runs: provenance, accuracy with CI, per-class table, confusion matrix, calibration, latency; several runs compared'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "chat" -d 'Talk with the model about one case at a time (a REPL with slash commands)'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "tui" -d 'Review a case file in a terminal UI: the case, the conversation, the differential'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "import" -d 'Import clinical data from another format as case records (JSONL on stdout)'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "deid" -d 'Remove identifiers (HIPAA Safe Harbor types) from a JSONL case file, or score the rules on an annotated one (--score)'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "convert" -d 'Convert between ddx files and OpenAI/Azure Batch API files: cases into request lines, Batch API output back into ddx result records'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "merge" -d 'Merge shard result files into one, checking every input id is there exactly once'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "config" -d 'Show where ddx keeps its files and which settings are in effect; write a starter config'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "models" -d 'List, inspect, verify and register GGUF model files (never downloads anything)'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "generate" -d 'Write shell completions and man pages generated from this command line (for packagers)'
complete -c ddx -n "__fish_ddx_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l system -d 'A system prompt for this question' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l schema -d 'Constrain the answer to this JSON schema; the answer is printed as JSON' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l deid-dates -d 'Dates: \'shift\' moves every date of a patient by the same secret number of days (keeps intervals); \'year\' keeps only the year' -r -f -a "shift\t''
year\t''"
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l deid-date-order -d 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): \'month-first\' (US) or \'day-first\'; 13/04/2021 is read day first either way' -r -f -a "month-first\t''
day-first\t''"
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l deid-model -d 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l salt-file -d 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l deid-replace -d 'What stands where an identifier was: \'tags\' ([NAME], [PHONE], ...) or \'surrogates\' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]' -r -f -a "tags\t''
surrogates\t''"
complete -c ddx -n "__fish_ddx_using_subcommand ask" -s m -l model -d 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -s t -l template -d 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l chat-template -d 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model\'s own, else one chosen from its architecture)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l reasoning-format -d 'Reasoning blocks: \'think-tags\' splits <think>...</think> from the answer (into \'reasoning\'), \'gpt-oss\' splits harmony\'s analysis channel from its final one, \'none\' never splits, \'auto\' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>' -r -f -a "auto\t''
none\t''
think-tags\t''
gpt-oss\t''"
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l reasoning-budget -d 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template\'s enable_thinking, or an empty block)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l temperature -d 'Sampling temperature; 0 picks the most likely token every time (greedy)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l top-k -d 'Sample only from the K most likely tokens (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l top-p -d 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l min-p -d 'Drop tokens less likely than P times the most likely one (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l repeat-penalty -d 'Penalise tokens repeated in the last 64 (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l seed -d 'Random seed: same input, settings and seed give the same output' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -s n -l max-tokens -d 'Most tokens to generate per answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l stop -d 'Stop the answer at this text (repeatable)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -s c -l ctx-size -d 'Tokens one case or conversation may use: prompt plus answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l threads -d 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l gpu-layers -d 'Layers to offload to the GPU: a number, \'all\', or \'auto\' (as many as fit in free GPU memory); always 0 on a CPU-only build' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l main-gpu -d 'GPU that holds the model with \'--split-mode none\', and intermediate results otherwise (0 = first)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l split-mode -d 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)' -r -f -a "none\t''
layer\t''
row\t''"
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l flash-attn -d 'Flash attention: faster attention kernel; \'auto\' (the default) lets llama.cpp decide (on for CPU)' -r -f -a "auto\t''
on\t''
off\t''"
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l cache-type-k -d 'Element type of the KV cache\'s keys; q8_0 halves its memory at a small accuracy cost' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l cache-type-v -d 'Element type of the KV cache\'s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l endpoint -d 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l remote-model -d 'The model or deployment name sent in each request (default: the one model the server lists)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l api-key-env -d 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l max-retries -d 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l request-timeout -d 'Longest a request may take, answer included, in seconds' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l max-rpm -d 'At most this many requests per minute (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l max-tpm -d 'At most this many tokens per minute, counted from the server\'s usage (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l json -d 'Constrain the answer to the template\'s own JSON schema (the differential template has one)'
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l show-reasoning -d 'Also print a reasoning model\'s thinking, to stderr as it comes (labelled, dimmed on a terminal); stdout stays the answer'
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l deid -d 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a \'deid\' block'
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l batch-invariant -d 'Make each case\'s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)'
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l allow-identifiable -d 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)'
complete -c ddx -n "__fish_ddx_using_subcommand ask" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand ask" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand ask" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand ask" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand ask" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand audit" -l probe -d 'Probe families to apply, comma-separated or repeated' -r -f -a "identity\t''
sex\t''
race\t''
age\t''
insurance\t''
housing\t''
language\t''
order\t''
relabel\t''
wording\t''
distractor\t''"
complete -c ddx -n "__fish_ddx_using_subcommand audit" -l seed -d 'Seed of the order probe\'s permutation (same seed, same variant)' -r
complete -c ddx -n "__fish_ddx_using_subcommand audit" -l max-line-bytes -d 'Largest input line accepted, in bytes (longer lines are reported and skipped)' -r
complete -c ddx -n "__fish_ddx_using_subcommand audit" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand audit" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand audit" -l emit-variants -d 'Write every variant as a case line (id CASEID~VARIANTID, meta.audit) to stdout, and the count of variants and skipped cases per probe to stderr; required until the audit run itself lands'
complete -c ddx -n "__fish_ddx_using_subcommand audit" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand audit" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand audit" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand audit" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand audit" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -s o -l output -d 'Write results to this file instead of stdout' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand batch" -s p -l parallel -d 'Cases decoded at once (default: chosen from the hardware and the context budget)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l max-line-bytes -d 'Largest input line accepted, in bytes (longer lines become error records)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l input-format -d 'What the input lines are: ddx cases, OpenAI Batch API requests (custom_id, method, url, body), or auto (requests when the first non-blank line is one)' -r -f -a "auto\t''
ddx\t''
openai-batch\t''"
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l output-format -d 'What result lines are: ddx records, or the OpenAI Batch API\'s output objects' -r -f -a "ddx\t''
openai-batch\t''"
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l shard -d 'Run only shard K of N (1-based): the lines whose id hashes into it (FNV-1a 64 of the id, mod N). \'auto\' reads Slurm\'s SLURM_ARRAY_TASK_* or Kubernetes\' JOB_COMPLETION_INDEX (with auto/N or DDX_SHARD_COUNT=N)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l schema -d 'Constrain every answer to this JSON schema; each result gains the parsed answer as \'json\'' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l labels -d 'Annotate: each answer is exactly one of these labels ("a,b,c", or @FILE with one per line)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l instruction -d 'The instruction the annotate template gives the model (TEXT, or @FILE)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l schema-retry -d 'When an answer does not validate against the schema, run the case again with a new seed, up to N more times (the seeds and earlier errors are recorded; needs --temperature > 0)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l deid-dates -d 'Dates: \'shift\' moves every date of a patient by the same secret number of days (keeps intervals); \'year\' keeps only the year' -r -f -a "shift\t''
year\t''"
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l deid-date-order -d 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): \'month-first\' (US) or \'day-first\'; 13/04/2021 is read day first either way' -r -f -a "month-first\t''
day-first\t''"
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l deid-model -d 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l salt-file -d 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l deid-replace -d 'What stands where an identifier was: \'tags\' ([NAME], [PHONE], ...) or \'surrogates\' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]' -r -f -a "tags\t''
surrogates\t''"
complete -c ddx -n "__fish_ddx_using_subcommand batch" -s m -l model -d 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -s t -l template -d 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l chat-template -d 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model\'s own, else one chosen from its architecture)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l reasoning-format -d 'Reasoning blocks: \'think-tags\' splits <think>...</think> from the answer (into \'reasoning\'), \'gpt-oss\' splits harmony\'s analysis channel from its final one, \'none\' never splits, \'auto\' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>' -r -f -a "auto\t''
none\t''
think-tags\t''
gpt-oss\t''"
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l reasoning-budget -d 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template\'s enable_thinking, or an empty block)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l temperature -d 'Sampling temperature; 0 picks the most likely token every time (greedy)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l top-k -d 'Sample only from the K most likely tokens (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l top-p -d 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l min-p -d 'Drop tokens less likely than P times the most likely one (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l repeat-penalty -d 'Penalise tokens repeated in the last 64 (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l seed -d 'Random seed: same input, settings and seed give the same output' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -s n -l max-tokens -d 'Most tokens to generate per answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l stop -d 'Stop the answer at this text (repeatable)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -s c -l ctx-size -d 'Tokens one case or conversation may use: prompt plus answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l threads -d 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l gpu-layers -d 'Layers to offload to the GPU: a number, \'all\', or \'auto\' (as many as fit in free GPU memory); always 0 on a CPU-only build' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l main-gpu -d 'GPU that holds the model with \'--split-mode none\', and intermediate results otherwise (0 = first)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l split-mode -d 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)' -r -f -a "none\t''
layer\t''
row\t''"
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l flash-attn -d 'Flash attention: faster attention kernel; \'auto\' (the default) lets llama.cpp decide (on for CPU)' -r -f -a "auto\t''
on\t''
off\t''"
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l cache-type-k -d 'Element type of the KV cache\'s keys; q8_0 halves its memory at a small accuracy cost' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l cache-type-v -d 'Element type of the KV cache\'s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l endpoint -d 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l remote-model -d 'The model or deployment name sent in each request (default: the one model the server lists)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l api-key-env -d 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l max-retries -d 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l request-timeout -d 'Longest a request may take, answer included, in seconds' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l max-rpm -d 'At most this many requests per minute (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l max-tpm -d 'At most this many tokens per minute, counted from the server\'s usage (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l force -d 'Overwrite a non-empty output file'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l resume -d 'Continue an interrupted run: skip ids that already have an "ok" record in the output file, redo those with an error record, append the rest'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l no-retry-errors -d 'With --resume, keep earlier error records instead of retrying their cases'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l prompt-sha256 -d 'Add the sha256 of each case\'s prompt (after the chat template) to its result, so two runs can be shown to have sent identical prompts (`ddx render` prints the same hash)'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l no-ledger -d 'Do not record this run in the ledger (config: ledger = false)'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l wait -d 'While another run writes the same output file, wait for it to end instead of refusing (config: wait)'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l json -d 'Constrain answers to the template\'s own JSON schema (--template differential declares one)'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l multi-label -d 'With --labels: each answer is the list of every label that applies'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l score -d 'Rank each case\'s options (or --labels) by the model\'s log-likelihood instead of generating'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l deid -d 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a \'deid\' block'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l batch-invariant -d 'Make each case\'s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l allow-identifiable -d 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand batch" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and not __fish_seen_subcommand_from single batch workload help" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand bench; and not __fish_seen_subcommand_from single batch workload help" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and not __fish_seen_subcommand_from single batch workload help" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and not __fish_seen_subcommand_from single batch workload help" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and not __fish_seen_subcommand_from single batch workload help" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and not __fish_seen_subcommand_from single batch workload help" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and not __fish_seen_subcommand_from single batch workload help" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and not __fish_seen_subcommand_from single batch workload help" -f -a "single" -d 'Prompt processing and generation speed of one stream, llama-bench style'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and not __fish_seen_subcommand_from single batch workload help" -f -a "batch" -d 'Batch throughput of a workload at several --parallel values'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and not __fish_seen_subcommand_from single batch workload help" -f -a "workload" -d 'Print a synthetic workload as JSONL (id + messages), to feed other tools the same cases'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and not __fish_seen_subcommand_from single batch workload help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -s p -l n-prompt -d 'Prompt tokens per run (random tokens, one batch)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -s g -l n-gen -d 'Tokens generated per run (one at a time)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -s r -l repetitions -d 'Measured runs (after one warm-up run)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -s m -l model -d 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -s t -l template -d 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l chat-template -d 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model\'s own, else one chosen from its architecture)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l reasoning-format -d 'Reasoning blocks: \'think-tags\' splits <think>...</think> from the answer (into \'reasoning\'), \'gpt-oss\' splits harmony\'s analysis channel from its final one, \'none\' never splits, \'auto\' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>' -r -f -a "auto\t''
none\t''
think-tags\t''
gpt-oss\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l reasoning-budget -d 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template\'s enable_thinking, or an empty block)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l temperature -d 'Sampling temperature; 0 picks the most likely token every time (greedy)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l top-k -d 'Sample only from the K most likely tokens (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l top-p -d 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l min-p -d 'Drop tokens less likely than P times the most likely one (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l repeat-penalty -d 'Penalise tokens repeated in the last 64 (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l seed -d 'Random seed: same input, settings and seed give the same output' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -s n -l max-tokens -d 'Most tokens to generate per answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l stop -d 'Stop the answer at this text (repeatable)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -s c -l ctx-size -d 'Tokens one case or conversation may use: prompt plus answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l threads -d 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l gpu-layers -d 'Layers to offload to the GPU: a number, \'all\', or \'auto\' (as many as fit in free GPU memory); always 0 on a CPU-only build' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l main-gpu -d 'GPU that holds the model with \'--split-mode none\', and intermediate results otherwise (0 = first)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l split-mode -d 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)' -r -f -a "none\t''
layer\t''
row\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l flash-attn -d 'Flash attention: faster attention kernel; \'auto\' (the default) lets llama.cpp decide (on for CPU)' -r -f -a "auto\t''
on\t''
off\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l cache-type-k -d 'Element type of the KV cache\'s keys; q8_0 halves its memory at a small accuracy cost' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l cache-type-v -d 'Element type of the KV cache\'s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l endpoint -d 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l remote-model -d 'The model or deployment name sent in each request (default: the one model the server lists)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l api-key-env -d 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l max-retries -d 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l request-timeout -d 'Longest a request may take, answer included, in seconds' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l max-rpm -d 'At most this many requests per minute (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l max-tpm -d 'At most this many tokens per minute, counted from the server\'s usage (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l json -d 'Print one JSON object instead of a table'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l batch-invariant -d 'Make each case\'s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l allow-identifiable -d 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from single" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -s w -l workload -d 'Built-in synthetic workload: long-case or annotate' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -s i -l input -d 'Measure on a JSONL case file instead of a synthetic workload' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l cases -d 'Cases in the synthetic workload' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -s P -l parallel -d 'Parallel values to measure, comma-separated' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -s m -l model -d 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -s t -l template -d 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l chat-template -d 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model\'s own, else one chosen from its architecture)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l reasoning-format -d 'Reasoning blocks: \'think-tags\' splits <think>...</think> from the answer (into \'reasoning\'), \'gpt-oss\' splits harmony\'s analysis channel from its final one, \'none\' never splits, \'auto\' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>' -r -f -a "auto\t''
none\t''
think-tags\t''
gpt-oss\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l reasoning-budget -d 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template\'s enable_thinking, or an empty block)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l temperature -d 'Sampling temperature; 0 picks the most likely token every time (greedy)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l top-k -d 'Sample only from the K most likely tokens (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l top-p -d 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l min-p -d 'Drop tokens less likely than P times the most likely one (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l repeat-penalty -d 'Penalise tokens repeated in the last 64 (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l seed -d 'Random seed: same input, settings and seed give the same output' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -s n -l max-tokens -d 'Most tokens to generate per answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l stop -d 'Stop the answer at this text (repeatable)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -s c -l ctx-size -d 'Tokens one case or conversation may use: prompt plus answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l threads -d 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l gpu-layers -d 'Layers to offload to the GPU: a number, \'all\', or \'auto\' (as many as fit in free GPU memory); always 0 on a CPU-only build' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l main-gpu -d 'GPU that holds the model with \'--split-mode none\', and intermediate results otherwise (0 = first)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l split-mode -d 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)' -r -f -a "none\t''
layer\t''
row\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l flash-attn -d 'Flash attention: faster attention kernel; \'auto\' (the default) lets llama.cpp decide (on for CPU)' -r -f -a "auto\t''
on\t''
off\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l cache-type-k -d 'Element type of the KV cache\'s keys; q8_0 halves its memory at a small accuracy cost' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l cache-type-v -d 'Element type of the KV cache\'s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l endpoint -d 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l remote-model -d 'The model or deployment name sent in each request (default: the one model the server lists)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l api-key-env -d 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l max-retries -d 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l request-timeout -d 'Longest a request may take, answer included, in seconds' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l max-rpm -d 'At most this many requests per minute (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l max-tpm -d 'At most this many tokens per minute, counted from the server\'s usage (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l full-kv -d 'Also measure each --parallel with a whole context per case in the KV cache (the sizing before the shared pool was planned from what cases share), to compare'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l json -d 'Print one JSON object instead of a table'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l batch-invariant -d 'Make each case\'s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l allow-identifiable -d 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from batch" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from workload" -l cases -d 'Number of cases' -r
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from workload" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from workload" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from workload" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from workload" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from workload" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from workload" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from workload" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "single" -d 'Prompt processing and generation speed of one stream, llama-bench style'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "batch" -d 'Batch throughput of a workload at several --parallel values'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "workload" -d 'Print a synthetic workload as JSONL (id + messages), to feed other tools the same cases'
complete -c ddx -n "__fish_ddx_using_subcommand bench; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l map -d 'Take a case field from another field of the record: FIELD=SOURCE (repeatable; SOURCE may be a.b.c)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l report -d 'Write the full JSON report (metrics and every case\'s prediction) to this file' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l gold -d 'Take gold answers from reviews (`ddx tui --annotations FILE`): a label overrides the file\'s answer, an accepted answer is gold, \'wrong\' alone keeps the file\'s answer (a case with none is not evaluated)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l labels -d 'Treat every case as this label set ("yes,no,maybe" or @FILE) instead of its own options' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l instruction -d 'The instruction the annotate template gives the model with --labels (TEXT, or @FILE)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -s p -l parallel -d 'Cases decoded at once when generating (default: chosen from the hardware)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l max-line-bytes -d 'Largest input line accepted, in bytes (longer lines are listed as errors)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l deid-dates -d 'Dates: \'shift\' moves every date of a patient by the same secret number of days (keeps intervals); \'year\' keeps only the year' -r -f -a "shift\t''
year\t''"
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l deid-date-order -d 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): \'month-first\' (US) or \'day-first\'; 13/04/2021 is read day first either way' -r -f -a "month-first\t''
day-first\t''"
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l deid-model -d 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l salt-file -d 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l deid-replace -d 'What stands where an identifier was: \'tags\' ([NAME], [PHONE], ...) or \'surrogates\' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]' -r -f -a "tags\t''
surrogates\t''"
complete -c ddx -n "__fish_ddx_using_subcommand eval" -s m -l model -d 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -s t -l template -d 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l chat-template -d 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model\'s own, else one chosen from its architecture)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l reasoning-format -d 'Reasoning blocks: \'think-tags\' splits <think>...</think> from the answer (into \'reasoning\'), \'gpt-oss\' splits harmony\'s analysis channel from its final one, \'none\' never splits, \'auto\' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>' -r -f -a "auto\t''
none\t''
think-tags\t''
gpt-oss\t''"
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l reasoning-budget -d 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template\'s enable_thinking, or an empty block)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l temperature -d 'Sampling temperature; 0 picks the most likely token every time (greedy)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l top-k -d 'Sample only from the K most likely tokens (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l top-p -d 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l min-p -d 'Drop tokens less likely than P times the most likely one (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l repeat-penalty -d 'Penalise tokens repeated in the last 64 (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l seed -d 'Random seed: same input, settings and seed give the same output' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -s n -l max-tokens -d 'Most tokens to generate per answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l stop -d 'Stop the answer at this text (repeatable)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -s c -l ctx-size -d 'Tokens one case or conversation may use: prompt plus answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l threads -d 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l gpu-layers -d 'Layers to offload to the GPU: a number, \'all\', or \'auto\' (as many as fit in free GPU memory); always 0 on a CPU-only build' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l main-gpu -d 'GPU that holds the model with \'--split-mode none\', and intermediate results otherwise (0 = first)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l split-mode -d 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)' -r -f -a "none\t''
layer\t''
row\t''"
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l flash-attn -d 'Flash attention: faster attention kernel; \'auto\' (the default) lets llama.cpp decide (on for CPU)' -r -f -a "auto\t''
on\t''
off\t''"
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l cache-type-k -d 'Element type of the KV cache\'s keys; q8_0 halves its memory at a small accuracy cost' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l cache-type-v -d 'Element type of the KV cache\'s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l endpoint -d 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l remote-model -d 'The model or deployment name sent in each request (default: the one model the server lists)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l api-key-env -d 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l max-retries -d 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l request-timeout -d 'Longest a request may take, answer included, in seconds' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l max-rpm -d 'At most this many requests per minute (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l max-tpm -d 'At most this many tokens per minute, counted from the server\'s usage (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l generate -d 'Generate answers and extract the choice from the text, even for cases with options'
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l no-ledger -d 'Do not record this run in the ledger (config: ledger = false)'
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l wait -d 'While another run writes the same output file, wait for it to end instead of refusing (config: wait)'
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l deid -d 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a \'deid\' block'
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l batch-invariant -d 'Make each case\'s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)'
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l allow-identifiable -d 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)'
complete -c ddx -n "__fish_ddx_using_subcommand eval" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand eval" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand eval" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand eval" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand eval" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -f -a "list" -d 'List recorded runs, newest first'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -f -a "show" -d 'Show one run: provenance, settings, counts, metrics and timings'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -f -a "rm" -d 'Delete runs and their per-case rows from the ledger (result files are not touched)'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -f -a "import" -d 'Record a ddx result file made elsewhere (another machine\'s shard) as a run'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -f -a "compare" -d 'Compare runs (and reviewers) on the cases they share: accuracy with CI, paired difference, McNemar, Cochran\'s Q, kappa, Krippendorff\'s alpha, the cases they disagree on'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and not __fish_seen_subcommand_from list show rm import compare help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from list" -l model -d 'Only runs whose model (file name, served name or sha256) contains this text' -r
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from list" -l template -d 'Only runs whose template name contains this text' -r
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from list" -l input -d 'Only runs whose input file path contains this text' -r
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from list" -l limit -d 'At most this many runs' -r
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from list" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from list" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON object per run (JSON Lines) instead of a table'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from list" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from show" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from show" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from show" -l json -d 'Print the whole run, per-case rows included, as one JSON object'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from show" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from rm" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from rm" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from rm" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from import" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from import" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from import" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from compare" -l rater -d 'An annotation file of `ddx tui --annotations` whose reviews are one more rater (a label, or the accepted answer; repeatable)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from compare" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from compare" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from compare" -l json -d 'Print every statistic as one JSON object'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from compare" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from compare" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from compare" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from compare" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from compare" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "list" -d 'List recorded runs, newest first'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one run: provenance, settings, counts, metrics and timings'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Delete runs and their per-case rows from the ledger (result files are not touched)'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "import" -d 'Record a ddx result file made elsewhere (another machine\'s shard) as a run'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "compare" -d 'Compare runs (and reviewers) on the cases they share: accuracy with CI, paired difference, McNemar, Cochran\'s Q, kappa, Krippendorff\'s alpha, the cases they disagree on'
complete -c ddx -n "__fish_ddx_using_subcommand runs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and not __fish_seen_subcommand_from show help" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand templates; and not __fish_seen_subcommand_from show help" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand templates; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and not __fish_seen_subcommand_from show help" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print a template\'s source: a prompt template (TOML) or a built-in chat template (Jinja)'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and __fish_seen_subcommand_from show" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand templates; and __fish_seen_subcommand_from show" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand templates; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and __fish_seen_subcommand_from show" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a template\'s source: a prompt template (TOML) or a built-in chat template (Jinja)'
complete -c ddx -n "__fish_ddx_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand render" -l max-line-bytes -d 'Largest input line accepted, in bytes (longer lines become error records)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l schema -d 'Constrain every answer to this JSON schema; each result gains the parsed answer as \'json\'' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand render" -l labels -d 'Annotate: each answer is exactly one of these labels ("a,b,c", or @FILE with one per line)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l instruction -d 'The instruction the annotate template gives the model (TEXT, or @FILE)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l schema-retry -d 'When an answer does not validate against the schema, run the case again with a new seed, up to N more times (the seeds and earlier errors are recorded; needs --temperature > 0)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l deid-dates -d 'Dates: \'shift\' moves every date of a patient by the same secret number of days (keeps intervals); \'year\' keeps only the year' -r -f -a "shift\t''
year\t''"
complete -c ddx -n "__fish_ddx_using_subcommand render" -l deid-date-order -d 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): \'month-first\' (US) or \'day-first\'; 13/04/2021 is read day first either way' -r -f -a "month-first\t''
day-first\t''"
complete -c ddx -n "__fish_ddx_using_subcommand render" -l deid-model -d 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l salt-file -d 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand render" -l deid-replace -d 'What stands where an identifier was: \'tags\' ([NAME], [PHONE], ...) or \'surrogates\' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]' -r -f -a "tags\t''
surrogates\t''"
complete -c ddx -n "__fish_ddx_using_subcommand render" -s m -l model -d 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -s t -l template -d 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l chat-template -d 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model\'s own, else one chosen from its architecture)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l reasoning-format -d 'Reasoning blocks: \'think-tags\' splits <think>...</think> from the answer (into \'reasoning\'), \'gpt-oss\' splits harmony\'s analysis channel from its final one, \'none\' never splits, \'auto\' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>' -r -f -a "auto\t''
none\t''
think-tags\t''
gpt-oss\t''"
complete -c ddx -n "__fish_ddx_using_subcommand render" -l reasoning-budget -d 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template\'s enable_thinking, or an empty block)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l temperature -d 'Sampling temperature; 0 picks the most likely token every time (greedy)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l top-k -d 'Sample only from the K most likely tokens (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l top-p -d 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l min-p -d 'Drop tokens less likely than P times the most likely one (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l repeat-penalty -d 'Penalise tokens repeated in the last 64 (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l seed -d 'Random seed: same input, settings and seed give the same output' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -s n -l max-tokens -d 'Most tokens to generate per answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l stop -d 'Stop the answer at this text (repeatable)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -s c -l ctx-size -d 'Tokens one case or conversation may use: prompt plus answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l threads -d 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l gpu-layers -d 'Layers to offload to the GPU: a number, \'all\', or \'auto\' (as many as fit in free GPU memory); always 0 on a CPU-only build' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l main-gpu -d 'GPU that holds the model with \'--split-mode none\', and intermediate results otherwise (0 = first)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l split-mode -d 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)' -r -f -a "none\t''
layer\t''
row\t''"
complete -c ddx -n "__fish_ddx_using_subcommand render" -l flash-attn -d 'Flash attention: faster attention kernel; \'auto\' (the default) lets llama.cpp decide (on for CPU)' -r -f -a "auto\t''
on\t''
off\t''"
complete -c ddx -n "__fish_ddx_using_subcommand render" -l cache-type-k -d 'Element type of the KV cache\'s keys; q8_0 halves its memory at a small accuracy cost' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand render" -l cache-type-v -d 'Element type of the KV cache\'s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand render" -l endpoint -d 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l remote-model -d 'The model or deployment name sent in each request (default: the one model the server lists)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l api-key-env -d 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l max-retries -d 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l request-timeout -d 'Longest a request may take, answer included, in seconds' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l max-rpm -d 'At most this many requests per minute (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l max-tpm -d 'At most this many tokens per minute, counted from the server\'s usage (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand render" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand render" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand render" -l tokens -d 'Also list the prompt\'s token ids and their text'
complete -c ddx -n "__fish_ddx_using_subcommand render" -l json -d 'Constrain answers to the template\'s own JSON schema (--template differential declares one)'
complete -c ddx -n "__fish_ddx_using_subcommand render" -l multi-label -d 'With --labels: each answer is the list of every label that applies'
complete -c ddx -n "__fish_ddx_using_subcommand render" -l score -d 'Rank each case\'s options (or --labels) by the model\'s log-likelihood instead of generating'
complete -c ddx -n "__fish_ddx_using_subcommand render" -l deid -d 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a \'deid\' block'
complete -c ddx -n "__fish_ddx_using_subcommand render" -l batch-invariant -d 'Make each case\'s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)'
complete -c ddx -n "__fish_ddx_using_subcommand render" -l allow-identifiable -d 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)'
complete -c ddx -n "__fish_ddx_using_subcommand render" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand render" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand render" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand render" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand render" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and not __fish_seen_subcommand_from run play report help" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and not __fish_seen_subcommand_from run play report help" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and not __fish_seen_subcommand_from run play report help" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and not __fish_seen_subcommand_from run play report help" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and not __fish_seen_subcommand_from run play report help" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and not __fish_seen_subcommand_from run play report help" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and not __fish_seen_subcommand_from run play report help" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and not __fish_seen_subcommand_from run play report help" -f -a "run" -d 'Play every case as an encounter: the model asks, examines and orders tests (each priced) one JSON action per turn, then commits to a diagnosis; one JSON result per encounter'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and not __fish_seen_subcommand_from run play report help" -f -a "play" -d 'Play one case yourself: type actions, the gatekeeper answers, the cost runs'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and not __fish_seen_subcommand_from run play report help" -f -a "report" -d 'Accuracy (95% CI), mean cost and mean turns per budget of `ddx sdx run` result files'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and not __fish_seen_subcommand_from run play report help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -s o -l output -d 'Write results to this file instead of stdout' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l max-turns -d 'Actions per encounter, the final diagnosis included; the last one is a forced diagnosis' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l budget -d 'Cost budgets in dollars: every case is played once per budget; reaching it forces a diagnosis (default: no budget)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l prices -d 'A price table (TOML, the form of the shipped one) whose entries replace the shipped ones' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l prompt-log -d 'Write every prompt the model under test is sent to this file (JSONL: id, budget, turn, messages), to audit what it saw' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l judge-model -d 'A model (GGUF file or registered name) that grades each final diagnosis against the gold on a 5-point rubric, greedy, shown the opening, differential and gold; 4 or 5 counts correct (the name match stays in \'match\'); an encounter it fails on is an error record' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l gatekeeper-model -d 'A model (GGUF file or registered name) that rephrases what the deterministic gatekeeper reveals, as the patient, examiner or laboratory; a reply naming the diagnosis or a finding not revealed is refused and the deterministic answer kept' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l absent -d 'What an ordered test the case does not hold returns: \'neutral\' ("not available", which tells the model the case lacks it) or \'synthetic\' (the gatekeeper model writes a plausible, case-consistent result, marked synthetic and never counted as a finding; needs --gatekeeper-model)' -r -f -a "neutral\t'"not available" (deterministic)'
synthetic\t'A plausible result written by the gatekeeper model, marked synthetic'"
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -s p -l parallel -d 'Encounters decoded at once (default: chosen from the hardware)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -s m -l model -d 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -s t -l template -d 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l chat-template -d 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model\'s own, else one chosen from its architecture)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l reasoning-format -d 'Reasoning blocks: \'think-tags\' splits <think>...</think> from the answer (into \'reasoning\'), \'gpt-oss\' splits harmony\'s analysis channel from its final one, \'none\' never splits, \'auto\' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>' -r -f -a "auto\t''
none\t''
think-tags\t''
gpt-oss\t''"
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l reasoning-budget -d 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template\'s enable_thinking, or an empty block)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l temperature -d 'Sampling temperature; 0 picks the most likely token every time (greedy)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l top-k -d 'Sample only from the K most likely tokens (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l top-p -d 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l min-p -d 'Drop tokens less likely than P times the most likely one (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l repeat-penalty -d 'Penalise tokens repeated in the last 64 (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l seed -d 'Random seed: same input, settings and seed give the same output' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -s n -l max-tokens -d 'Most tokens to generate per answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l stop -d 'Stop the answer at this text (repeatable)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -s c -l ctx-size -d 'Tokens one case or conversation may use: prompt plus answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l threads -d 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l gpu-layers -d 'Layers to offload to the GPU: a number, \'all\', or \'auto\' (as many as fit in free GPU memory); always 0 on a CPU-only build' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l main-gpu -d 'GPU that holds the model with \'--split-mode none\', and intermediate results otherwise (0 = first)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l split-mode -d 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)' -r -f -a "none\t''
layer\t''
row\t''"
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l flash-attn -d 'Flash attention: faster attention kernel; \'auto\' (the default) lets llama.cpp decide (on for CPU)' -r -f -a "auto\t''
on\t''
off\t''"
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l cache-type-k -d 'Element type of the KV cache\'s keys; q8_0 halves its memory at a small accuracy cost' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l cache-type-v -d 'Element type of the KV cache\'s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l endpoint -d 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l remote-model -d 'The model or deployment name sent in each request (default: the one model the server lists)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l api-key-env -d 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l max-retries -d 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l request-timeout -d 'Longest a request may take, answer included, in seconds' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l max-rpm -d 'At most this many requests per minute (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l max-tpm -d 'At most this many tokens per minute, counted from the server\'s usage (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l force -d 'Overwrite a non-empty output file'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l resume -d 'Continue an interrupted run: skip encounters (case and budget) that already have an "ok" record in the output file, play the rest'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l no-retry-errors -d 'With --resume, keep earlier error records instead of playing their encounters again'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l panel -d 'Before each action the model plays MAI-DxO\'s panel in turn (hypothesis keeper, test chooser, challenger, cost steward, checklist); each role\'s notes are in the transcript'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l no-ledger -d 'Do not record this run in the ledger (config: ledger = false)'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l wait -d 'While another run writes the same output file, wait for it to end instead of refusing (config: wait)'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l batch-invariant -d 'Make each case\'s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l allow-identifiable -d 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -l case -d 'The case\'s id (\'line-N\' for a case without one); the first case when absent' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -l max-turns -d 'Actions, the final diagnosis included' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -l budget -d 'Cost budget in dollars; reaching it forces a diagnosis' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -l prices -d 'A price table (TOML) whose entries replace the shipped ones' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -l gatekeeper-model -d 'A model that rephrases what the gatekeeper reveals (checked; refused replies fall back to the deterministic answer)' -r
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -l absent -d 'What an ordered test the case does not hold returns: \'neutral\' ("not available") or \'synthetic\' (the gatekeeper model writes a plausible result; needs --gatekeeper-model)' -r -f -a "neutral\t'"not available" (deterministic)'
synthetic\t'A plausible result written by the gatekeeper model, marked synthetic'"
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from play" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from report" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from report" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from report" -l json -d 'Print JSON instead of a table'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from report" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from report" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from report" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from report" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from help" -f -a "run" -d 'Play every case as an encounter: the model asks, examines and orders tests (each priced) one JSON action per turn, then commits to a diagnosis; one JSON result per encounter'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from help" -f -a "play" -d 'Play one case yourself: type actions, the gatekeeper answers, the cost runs'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from help" -f -a "report" -d 'Accuracy (95% CI), mean cost and mean turns per budget of `ddx sdx run` result files'
complete -c ddx -n "__fish_ddx_using_subcommand sdx; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand report" -s o -l output -d 'Write the report to this file instead of stdout' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand report" -l format -d 'html: one self-contained page with plots; md: Markdown tables for a terminal' -r -f -a "html\t'One HTML file: provenance, metrics, plots as SVG with tables, no network'
md\t'Markdown tables, no plots'"
complete -c ddx -n "__fish_ddx_using_subcommand report" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand report" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand report" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand report" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand report" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ddx -n "__fish_ddx_using_subcommand report" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l case -d 'Start on a case: a JSONL case file, optionally with \'#ID\' for a case other than the first' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l system -d 'A system prompt that replaces the template\'s' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l deid-dates -d 'Dates: \'shift\' moves every date of a patient by the same secret number of days (keeps intervals); \'year\' keeps only the year' -r -f -a "shift\t''
year\t''"
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l deid-date-order -d 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): \'month-first\' (US) or \'day-first\'; 13/04/2021 is read day first either way' -r -f -a "month-first\t''
day-first\t''"
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l deid-model -d 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l salt-file -d 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l deid-replace -d 'What stands where an identifier was: \'tags\' ([NAME], [PHONE], ...) or \'surrogates\' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]' -r -f -a "tags\t''
surrogates\t''"
complete -c ddx -n "__fish_ddx_using_subcommand chat" -s m -l model -d 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -s t -l template -d 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l chat-template -d 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model\'s own, else one chosen from its architecture)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l reasoning-format -d 'Reasoning blocks: \'think-tags\' splits <think>...</think> from the answer (into \'reasoning\'), \'gpt-oss\' splits harmony\'s analysis channel from its final one, \'none\' never splits, \'auto\' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>' -r -f -a "auto\t''
none\t''
think-tags\t''
gpt-oss\t''"
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l reasoning-budget -d 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template\'s enable_thinking, or an empty block)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l temperature -d 'Sampling temperature; 0 picks the most likely token every time (greedy)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l top-k -d 'Sample only from the K most likely tokens (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l top-p -d 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l min-p -d 'Drop tokens less likely than P times the most likely one (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l repeat-penalty -d 'Penalise tokens repeated in the last 64 (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l seed -d 'Random seed: same input, settings and seed give the same output' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -s n -l max-tokens -d 'Most tokens to generate per answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l stop -d 'Stop the answer at this text (repeatable)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -s c -l ctx-size -d 'Tokens one case or conversation may use: prompt plus answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l threads -d 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l gpu-layers -d 'Layers to offload to the GPU: a number, \'all\', or \'auto\' (as many as fit in free GPU memory); always 0 on a CPU-only build' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l main-gpu -d 'GPU that holds the model with \'--split-mode none\', and intermediate results otherwise (0 = first)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l split-mode -d 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)' -r -f -a "none\t''
layer\t''
row\t''"
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l flash-attn -d 'Flash attention: faster attention kernel; \'auto\' (the default) lets llama.cpp decide (on for CPU)' -r -f -a "auto\t''
on\t''
off\t''"
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l cache-type-k -d 'Element type of the KV cache\'s keys; q8_0 halves its memory at a small accuracy cost' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l cache-type-v -d 'Element type of the KV cache\'s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l endpoint -d 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l remote-model -d 'The model or deployment name sent in each request (default: the one model the server lists)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l api-key-env -d 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l max-retries -d 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l request-timeout -d 'Longest a request may take, answer included, in seconds' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l max-rpm -d 'At most this many requests per minute (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l max-tpm -d 'At most this many tokens per minute, counted from the server\'s usage (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l no-history -d 'Neither read nor write the history file'
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l wait -d 'While another run writes the same output file, wait for it to end instead of refusing (config: wait)'
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l deid -d 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a \'deid\' block'
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l batch-invariant -d 'Make each case\'s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)'
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l allow-identifiable -d 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)'
complete -c ddx -n "__fish_ddx_using_subcommand chat" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand chat" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand chat" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand chat" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand chat" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l sdx -d 'Play one sequential-diagnosis case from this JSONL file (OSCE records or ddx\'s sequential form) instead of reviewing: type ask/examine/order/diagnose, see the findings and the cost (or --watch the model play it)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l max-turns -d 'With --sdx: actions, the final diagnosis included' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l budget -d 'With --sdx: cost budget in dollars; reaching it forces a diagnosis' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l prices -d 'With --sdx: a price table (TOML) over the shipped one, entry by entry' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l case -d 'Open at the case with this id (default: the first case)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l annotations -d 'Append your reviews (accepted, wrong, label, note) to this JSONL file; cases already in it show as reviewed' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l deid-dates -d 'Dates: \'shift\' moves every date of a patient by the same secret number of days (keeps intervals); \'year\' keeps only the year' -r -f -a "shift\t''
year\t''"
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l deid-date-order -d 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): \'month-first\' (US) or \'day-first\'; 13/04/2021 is read day first either way' -r -f -a "month-first\t''
day-first\t''"
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l deid-model -d 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l salt-file -d 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l deid-replace -d 'What stands where an identifier was: \'tags\' ([NAME], [PHONE], ...) or \'surrogates\' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]' -r -f -a "tags\t''
surrogates\t''"
complete -c ddx -n "__fish_ddx_using_subcommand tui" -s m -l model -d 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -s t -l template -d 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l chat-template -d 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model\'s own, else one chosen from its architecture)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l reasoning-format -d 'Reasoning blocks: \'think-tags\' splits <think>...</think> from the answer (into \'reasoning\'), \'gpt-oss\' splits harmony\'s analysis channel from its final one, \'none\' never splits, \'auto\' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>' -r -f -a "auto\t''
none\t''
think-tags\t''
gpt-oss\t''"
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l reasoning-budget -d 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template\'s enable_thinking, or an empty block)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l temperature -d 'Sampling temperature; 0 picks the most likely token every time (greedy)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l top-k -d 'Sample only from the K most likely tokens (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l top-p -d 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l min-p -d 'Drop tokens less likely than P times the most likely one (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l repeat-penalty -d 'Penalise tokens repeated in the last 64 (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l seed -d 'Random seed: same input, settings and seed give the same output' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -s n -l max-tokens -d 'Most tokens to generate per answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l stop -d 'Stop the answer at this text (repeatable)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -s c -l ctx-size -d 'Tokens one case or conversation may use: prompt plus answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l threads -d 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l gpu-layers -d 'Layers to offload to the GPU: a number, \'all\', or \'auto\' (as many as fit in free GPU memory); always 0 on a CPU-only build' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l main-gpu -d 'GPU that holds the model with \'--split-mode none\', and intermediate results otherwise (0 = first)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l split-mode -d 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)' -r -f -a "none\t''
layer\t''
row\t''"
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l flash-attn -d 'Flash attention: faster attention kernel; \'auto\' (the default) lets llama.cpp decide (on for CPU)' -r -f -a "auto\t''
on\t''
off\t''"
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l cache-type-k -d 'Element type of the KV cache\'s keys; q8_0 halves its memory at a small accuracy cost' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l cache-type-v -d 'Element type of the KV cache\'s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l endpoint -d 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l remote-model -d 'The model or deployment name sent in each request (default: the one model the server lists)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l api-key-env -d 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l max-retries -d 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l request-timeout -d 'Longest a request may take, answer included, in seconds' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l max-rpm -d 'At most this many requests per minute (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l max-tpm -d 'At most this many tokens per minute, counted from the server\'s usage (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l watch -d 'With --sdx: the model plays and you watch, step by step (Enter: next step, a: autoplay)'
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l wait -d 'While another run writes the same output file, wait for it to end instead of refusing (config: wait)'
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l deid -d 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a \'deid\' block'
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l batch-invariant -d 'Make each case\'s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)'
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l allow-identifiable -d 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)'
complete -c ddx -n "__fish_ddx_using_subcommand tui" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand tui" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand tui" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand tui" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand tui" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand import; and not __fish_seen_subcommand_from fhir help" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand import; and not __fish_seen_subcommand_from fhir help" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand import; and not __fish_seen_subcommand_from fhir help" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand import; and not __fish_seen_subcommand_from fhir help" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand import; and not __fish_seen_subcommand_from fhir help" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand import; and not __fish_seen_subcommand_from fhir help" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand import; and not __fish_seen_subcommand_from fhir help" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand import; and not __fish_seen_subcommand_from fhir help" -f -a "fhir" -d 'FHIR R4 JSON: Bundles (transaction, collection, searchset) and Bulk Data NDJSON exports'
complete -c ddx -n "__fish_ddx_using_subcommand import; and not __fish_seen_subcommand_from fhir help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -l per -d 'One case per patient, or one per encounter (with that encounter\'s entries)' -r -f -a "patient\t''
encounter\t''"
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -l index-date -d 'Keep only what happened up to this date (YYYY-MM-DD), for prediction tasks; entries get day offsets relative to it' -r
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -s o -l output -d 'Write the cases to this file instead of stdout' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -l deid-dates -d 'Dates: \'shift\' moves every date of a patient by the same secret number of days (keeps intervals); \'year\' keeps only the year' -r -f -a "shift\t''
year\t''"
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -l deid-date-order -d 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): \'month-first\' (US) or \'day-first\'; 13/04/2021 is read day first either way' -r -f -a "month-first\t''
day-first\t''"
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -l deid-model -d 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too' -r
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -l salt-file -d 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -l deid-replace -d 'What stands where an identifier was: \'tags\' ([NAME], [PHONE], ...) or \'surrogates\' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]' -r -f -a "tags\t''
surrogates\t''"
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -l force -d 'Overwrite a non-empty output file'
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -l deid -d 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a \'deid\' block'
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from fhir" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "fhir" -d 'FHIR R4 JSON: Bundles (transaction, collection, searchset) and Bulk Data NDJSON exports'
complete -c ddx -n "__fish_ddx_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand deid" -s o -l output -d 'Write the de-identified cases to this file instead of stdout' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l deid-dates -d 'Dates: \'shift\' moves every date of a patient by the same secret number of days (keeps intervals); \'year\' keeps only the year' -r -f -a "shift\t''
year\t''"
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l deid-date-order -d 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): \'month-first\' (US) or \'day-first\'; 13/04/2021 is read day first either way' -r -f -a "month-first\t''
day-first\t''"
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l deid-model -d 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too' -r
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l salt-file -d 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l deid-replace -d 'What stands where an identifier was: \'tags\' ([NAME], [PHONE], ...) or \'surrogates\' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]' -r -f -a "tags\t''
surrogates\t''"
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l score -d 'Score the rules on this annotated JSONL file ([[type:text]] marks in any field, or \'text\' with \'spans\' in characters): token-level precision, recall and F1 per HIPAA category and overall, typed and not, entity-level strict and relaxed recall, over-redaction; each with the records\' \'patient\' fields and from the text alone' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l floor -d 'With --score: a least value, [patient.|text.]SCOPE.METRIC=VALUE (e.g. text.names.recall=0.95, overall.char_precision=0.98); the exit status is 1 when one fails' -r
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l floors -d 'With --score: a file of floors, one KEY=VALUE per line (\'#\' comments)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l predictions -d 'With --score: write each text\'s gold and detected spans (character offsets) to this JSONL file, for checking the figures with another tool' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l force -d 'Overwrite a non-empty output file'
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l json -d 'With --score: every figure as one JSON object instead of the table'
complete -c ddx -n "__fish_ddx_using_subcommand deid" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand deid" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand deid" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand deid" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand deid" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand convert" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l to -d 'What to write: openai-batch (requests from cases, rendered with the template) or ddx (result records from a Batch API output file); default: from what the input holds' -r -f -a "ddx\t''
openai-batch\t''"
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l model-name -d 'The body\'s "model" of each request (the deployment name on Azure; default: the model\'s file stem)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l schema -d 'Ask for answers in this JSON schema (response_format json_schema, strict)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l url -d 'The request url of each line' -r -f -a "/v1/chat/completions\t''
/chat/completions\t''"
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l max-line-bytes -d 'Largest input line accepted, in bytes' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l sampling-fields -d 'Send temperature and top_p in each request: auto leaves them out for OpenAI\'s reasoning models (o1, o3, o4-mini, gpt-5...: they refuse other values), send and omit always do' -r -f -a "auto\t''
send\t''
omit\t''"
complete -c ddx -n "__fish_ddx_using_subcommand convert" -s m -l model -d 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -s t -l template -d 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l chat-template -d 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model\'s own, else one chosen from its architecture)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l reasoning-format -d 'Reasoning blocks: \'think-tags\' splits <think>...</think> from the answer (into \'reasoning\'), \'gpt-oss\' splits harmony\'s analysis channel from its final one, \'none\' never splits, \'auto\' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>' -r -f -a "auto\t''
none\t''
think-tags\t''
gpt-oss\t''"
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l reasoning-budget -d 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template\'s enable_thinking, or an empty block)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l temperature -d 'Sampling temperature; 0 picks the most likely token every time (greedy)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l top-k -d 'Sample only from the K most likely tokens (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l top-p -d 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l min-p -d 'Drop tokens less likely than P times the most likely one (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l repeat-penalty -d 'Penalise tokens repeated in the last 64 (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l seed -d 'Random seed: same input, settings and seed give the same output' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -s n -l max-tokens -d 'Most tokens to generate per answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l stop -d 'Stop the answer at this text (repeatable)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -s c -l ctx-size -d 'Tokens one case or conversation may use: prompt plus answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l threads -d 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l gpu-layers -d 'Layers to offload to the GPU: a number, \'all\', or \'auto\' (as many as fit in free GPU memory); always 0 on a CPU-only build' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l main-gpu -d 'GPU that holds the model with \'--split-mode none\', and intermediate results otherwise (0 = first)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l split-mode -d 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)' -r -f -a "none\t''
layer\t''
row\t''"
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l flash-attn -d 'Flash attention: faster attention kernel; \'auto\' (the default) lets llama.cpp decide (on for CPU)' -r -f -a "auto\t''
on\t''
off\t''"
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l cache-type-k -d 'Element type of the KV cache\'s keys; q8_0 halves its memory at a small accuracy cost' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l cache-type-v -d 'Element type of the KV cache\'s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l endpoint -d 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l remote-model -d 'The model or deployment name sent in each request (default: the one model the server lists)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l api-key-env -d 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l max-retries -d 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l request-timeout -d 'Longest a request may take, answer included, in seconds' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l max-rpm -d 'At most this many requests per minute (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l max-tpm -d 'At most this many tokens per minute, counted from the server\'s usage (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l force -d 'Overwrite a non-empty output file'
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l batch-invariant -d 'Make each case\'s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)'
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l allow-identifiable -d 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)'
complete -c ddx -n "__fish_ddx_using_subcommand convert" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand convert" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand convert" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand convert" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand convert" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand merge" -l input -d 'The input all shards ran on: check every id is there exactly once, write in its order' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand merge" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand merge" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand merge" -l json -d 'Print the check as one JSON object on stdout (OUT must then be a file)'
complete -c ddx -n "__fish_ddx_using_subcommand merge" -l force -d 'Overwrite a non-empty OUT'
complete -c ddx -n "__fish_ddx_using_subcommand merge" -l wait -d 'While another run writes the same output file, wait for it to end instead of refusing (config: wait)'
complete -c ddx -n "__fish_ddx_using_subcommand merge" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand merge" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand merge" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand merge" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand merge" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand config; and not __fish_seen_subcommand_from paths show init help" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand config; and not __fish_seen_subcommand_from paths show init help" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand config; and not __fish_seen_subcommand_from paths show init help" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand config; and not __fish_seen_subcommand_from paths show init help" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand config; and not __fish_seen_subcommand_from paths show init help" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand config; and not __fish_seen_subcommand_from paths show init help" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand config; and not __fish_seen_subcommand_from paths show init help" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand config; and not __fish_seen_subcommand_from paths show init help" -f -a "paths" -d 'Print every location ddx reads or writes: config file, data, cache, models, prompts'
complete -c ddx -n "__fish_ddx_using_subcommand config; and not __fish_seen_subcommand_from paths show init help" -f -a "show" -d 'Print the effective settings and where each came from (default, file, environment, flag)'
complete -c ddx -n "__fish_ddx_using_subcommand config; and not __fish_seen_subcommand_from paths show init help" -f -a "init" -d 'Write a commented default config.toml (never overwrites an existing file)'
complete -c ddx -n "__fish_ddx_using_subcommand config; and not __fish_seen_subcommand_from paths show init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from paths" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from paths" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from paths" -l json -d 'Print one JSON object instead of aligned text'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from paths" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from paths" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from paths" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from paths" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from paths" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -s m -l model -d 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -s t -l template -d 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l chat-template -d 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model\'s own, else one chosen from its architecture)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l reasoning-format -d 'Reasoning blocks: \'think-tags\' splits <think>...</think> from the answer (into \'reasoning\'), \'gpt-oss\' splits harmony\'s analysis channel from its final one, \'none\' never splits, \'auto\' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>' -r -f -a "auto\t''
none\t''
think-tags\t''
gpt-oss\t''"
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l reasoning-budget -d 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template\'s enable_thinking, or an empty block)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l temperature -d 'Sampling temperature; 0 picks the most likely token every time (greedy)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l top-k -d 'Sample only from the K most likely tokens (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l top-p -d 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l min-p -d 'Drop tokens less likely than P times the most likely one (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l repeat-penalty -d 'Penalise tokens repeated in the last 64 (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l seed -d 'Random seed: same input, settings and seed give the same output' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -s n -l max-tokens -d 'Most tokens to generate per answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l stop -d 'Stop the answer at this text (repeatable)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -s c -l ctx-size -d 'Tokens one case or conversation may use: prompt plus answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l threads -d 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l gpu-layers -d 'Layers to offload to the GPU: a number, \'all\', or \'auto\' (as many as fit in free GPU memory); always 0 on a CPU-only build' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l main-gpu -d 'GPU that holds the model with \'--split-mode none\', and intermediate results otherwise (0 = first)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l split-mode -d 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)' -r -f -a "none\t''
layer\t''
row\t''"
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l flash-attn -d 'Flash attention: faster attention kernel; \'auto\' (the default) lets llama.cpp decide (on for CPU)' -r -f -a "auto\t''
on\t''
off\t''"
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l cache-type-k -d 'Element type of the KV cache\'s keys; q8_0 halves its memory at a small accuracy cost' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l cache-type-v -d 'Element type of the KV cache\'s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l endpoint -d 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l remote-model -d 'The model or deployment name sent in each request (default: the one model the server lists)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l api-key-env -d 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l max-retries -d 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l request-timeout -d 'Longest a request may take, answer included, in seconds' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l max-rpm -d 'At most this many requests per minute (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l max-tpm -d 'At most this many tokens per minute, counted from the server\'s usage (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON object instead of commented TOML'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l batch-invariant -d 'Make each case\'s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l allow-identifiable -d 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from init" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from init" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "paths" -d 'Print every location ddx reads or writes: config file, data, cache, models, prompts'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective settings and where each came from (default, file, environment, flag)'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a commented default config.toml (never overwrites an existing file)'
complete -c ddx -n "__fish_ddx_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand models; and not __fish_seen_subcommand_from list info verify add help" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand models; and not __fish_seen_subcommand_from list info verify add help" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand models; and not __fish_seen_subcommand_from list info verify add help" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand models; and not __fish_seen_subcommand_from list info verify add help" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand models; and not __fish_seen_subcommand_from list info verify add help" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand models; and not __fish_seen_subcommand_from list info verify add help" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand models; and not __fish_seen_subcommand_from list info verify add help" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand models; and not __fish_seen_subcommand_from list info verify add help" -f -a "list" -d 'List the GGUF files ddx knows: registry, data directory, ./models and the configured model'
complete -c ddx -n "__fish_ddx_using_subcommand models; and not __fish_seen_subcommand_from list info verify add help" -f -a "info" -d 'Print a model\'s GGUF metadata without loading its weights'
complete -c ddx -n "__fish_ddx_using_subcommand models; and not __fish_seen_subcommand_from list info verify add help" -f -a "verify" -d 'Check the sha256 of model files against the registry'
complete -c ddx -n "__fish_ddx_using_subcommand models; and not __fish_seen_subcommand_from list info verify add help" -f -a "add" -d 'Register a local GGUF file, or a served model, under a name usable with --model NAME'
complete -c ddx -n "__fish_ddx_using_subcommand models; and not __fish_seen_subcommand_from list info verify add help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from list" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from list" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from list" -l all -d 'Also list registry models that are not on this machine, with where to get them'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from list" -l json -d 'Print a JSON array instead of a table'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from list" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -s m -l model -d 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -s t -l template -d 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l chat-template -d 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model\'s own, else one chosen from its architecture)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l reasoning-format -d 'Reasoning blocks: \'think-tags\' splits <think>...</think> from the answer (into \'reasoning\'), \'gpt-oss\' splits harmony\'s analysis channel from its final one, \'none\' never splits, \'auto\' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>' -r -f -a "auto\t''
none\t''
think-tags\t''
gpt-oss\t''"
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l reasoning-budget -d 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template\'s enable_thinking, or an empty block)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l temperature -d 'Sampling temperature; 0 picks the most likely token every time (greedy)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l top-k -d 'Sample only from the K most likely tokens (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l top-p -d 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l min-p -d 'Drop tokens less likely than P times the most likely one (0 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l repeat-penalty -d 'Penalise tokens repeated in the last 64 (1 = off)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l seed -d 'Random seed: same input, settings and seed give the same output' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -s n -l max-tokens -d 'Most tokens to generate per answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l stop -d 'Stop the answer at this text (repeatable)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -s c -l ctx-size -d 'Tokens one case or conversation may use: prompt plus answer' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l threads -d 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l gpu-layers -d 'Layers to offload to the GPU: a number, \'all\', or \'auto\' (as many as fit in free GPU memory); always 0 on a CPU-only build' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l main-gpu -d 'GPU that holds the model with \'--split-mode none\', and intermediate results otherwise (0 = first)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l split-mode -d 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)' -r -f -a "none\t''
layer\t''
row\t''"
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l flash-attn -d 'Flash attention: faster attention kernel; \'auto\' (the default) lets llama.cpp decide (on for CPU)' -r -f -a "auto\t''
on\t''
off\t''"
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l cache-type-k -d 'Element type of the KV cache\'s keys; q8_0 halves its memory at a small accuracy cost' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l cache-type-v -d 'Element type of the KV cache\'s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto' -r -f -a "f32\t''
f16\t''
bf16\t''
q8_0\t''
q4_0\t''
q4_1\t''
q5_0\t''
q5_1\t''
iq4_nl\t''"
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l endpoint -d 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l remote-model -d 'The model or deployment name sent in each request (default: the one model the server lists)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l api-key-env -d 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l max-retries -d 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l request-timeout -d 'Longest a request may take, answer included, in seconds' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l max-rpm -d 'At most this many requests per minute (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l max-tpm -d 'At most this many tokens per minute, counted from the server\'s usage (for metered endpoints)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l json -d 'Print one JSON object (every metadata key) instead of text'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l sha256 -d 'Also compute the file\'s sha256 (reads the whole file)'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l batch-invariant -d 'Make each case\'s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l allow-identifiable -d 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from info" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from verify" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from verify" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from verify" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from add" -l name -d 'Name to use with --model and `ddx models info` (letters, digits, \'.\', \'_\', \'-\')' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from add" -l endpoint -d 'Register a served model at this endpoint instead of a file (as --endpoint elsewhere)' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from add" -l remote-model -d 'The served model\'s name or deployment, sent in each request' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from add" -l api-key-env -d 'Environment variable that holds the served model\'s key' -r
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from add" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from add" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from add" -l force -d 'Replace an existing registration of the same name'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from add" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the GGUF files ddx knows: registry, data directory, ./models and the configured model'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "info" -d 'Print a model\'s GGUF metadata without loading its weights'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the sha256 of model files against the registry'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "add" -d 'Register a local GGUF file, or a served model, under a name usable with --model NAME'
complete -c ddx -n "__fish_ddx_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand generate" -l dir -d 'Directory to write into (created if missing)' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand generate" -l config -d 'Read settings from this file instead of the default config.toml' -r -F
complete -c ddx -n "__fish_ddx_using_subcommand generate" -l color -d 'When to use colours on stderr (NO_COLOR is honoured by \'auto\')' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ddx -n "__fish_ddx_using_subcommand generate" -s q -l quiet -d 'Print only data: no progress, stats or summary on stderr'
complete -c ddx -n "__fish_ddx_using_subcommand generate" -s v -l verbose -d 'Print more on stderr: resolved settings, and llama.cpp\'s own log'
complete -c ddx -n "__fish_ddx_using_subcommand generate" -l no-config -d 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
complete -c ddx -n "__fish_ddx_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ddx -n "__fish_ddx_using_subcommand generate" -s V -l version -d 'Print version'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "ask" -d 'Ask the model one question and stream the answer to stdout'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "audit" -d 'Counterfactual and robustness probes of a case file: variants that should not change the answer (sex, race, age, insurance, housing, language, option order and letters, wording, an irrelevant normal lab, and the unchanged case as a control)'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "batch" -d 'Run a model over a JSONL case file: one JSON result per input line, in input order'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "bench" -d 'Measure speed and memory: single stream (like llama-bench) or batch throughput'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "eval" -d 'Score a model against cases with a gold \'answer\': accuracy, per-class precision/recall, calibration'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "runs" -d 'The ledger of batch and eval runs: list, show, remove, import result files made elsewhere'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "templates" -d 'List the prompt templates (built-in and your own) and the built-in chat templates'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "render" -d 'Show what the model would be sent for each case, without generating: the messages, the prompt after the chat template, its tokens'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "sdx" -d 'Sequential diagnosis: the model asks, examines and orders priced tests one step at a time, then commits to a diagnosis; accuracy against cost'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "report" -d 'Write a report of one or more runs: provenance, accuracy with CI, per-class table, confusion matrix, calibration, latency; several runs compared'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "chat" -d 'Talk with the model about one case at a time (a REPL with slash commands)'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "tui" -d 'Review a case file in a terminal UI: the case, the conversation, the differential'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "import" -d 'Import clinical data from another format as case records (JSONL on stdout)'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "deid" -d 'Remove identifiers (HIPAA Safe Harbor types) from a JSONL case file, or score the rules on an annotated one (--score)'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "convert" -d 'Convert between ddx files and OpenAI/Azure Batch API files: cases into request lines, Batch API output back into ddx result records'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "merge" -d 'Merge shard result files into one, checking every input id is there exactly once'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "config" -d 'Show where ddx keeps its files and which settings are in effect; write a starter config'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "models" -d 'List, inspect, verify and register GGUF model files (never downloads anything)'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "generate" -d 'Write shell completions and man pages generated from this command line (for packagers)'
complete -c ddx -n "__fish_ddx_using_subcommand help; and not __fish_seen_subcommand_from ask audit batch bench eval runs templates render sdx report chat tui import deid convert merge config models generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "single" -d 'Prompt processing and generation speed of one stream, llama-bench style'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "batch" -d 'Batch throughput of a workload at several --parallel values'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from bench" -f -a "workload" -d 'Print a synthetic workload as JSONL (id + messages), to feed other tools the same cases'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from runs" -f -a "list" -d 'List recorded runs, newest first'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from runs" -f -a "show" -d 'Show one run: provenance, settings, counts, metrics and timings'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from runs" -f -a "rm" -d 'Delete runs and their per-case rows from the ledger (result files are not touched)'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from runs" -f -a "import" -d 'Record a ddx result file made elsewhere (another machine\'s shard) as a run'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from runs" -f -a "compare" -d 'Compare runs (and reviewers) on the cases they share: accuracy with CI, paired difference, McNemar, Cochran\'s Q, kappa, Krippendorff\'s alpha, the cases they disagree on'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from templates" -f -a "show" -d 'Print a template\'s source: a prompt template (TOML) or a built-in chat template (Jinja)'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from sdx" -f -a "run" -d 'Play every case as an encounter: the model asks, examines and orders tests (each priced) one JSON action per turn, then commits to a diagnosis; one JSON result per encounter'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from sdx" -f -a "play" -d 'Play one case yourself: type actions, the gatekeeper answers, the cost runs'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from sdx" -f -a "report" -d 'Accuracy (95% CI), mean cost and mean turns per budget of `ddx sdx run` result files'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "fhir" -d 'FHIR R4 JSON: Bundles (transaction, collection, searchset) and Bulk Data NDJSON exports'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "paths" -d 'Print every location ddx reads or writes: config file, data, cache, models, prompts'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective settings and where each came from (default, file, environment, flag)'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write a commented default config.toml (never overwrites an existing file)'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "list" -d 'List the GGUF files ddx knows: registry, data directory, ./models and the configured model'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "info" -d 'Print a model\'s GGUF metadata without loading its weights'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "verify" -d 'Check the sha256 of model files against the registry'
complete -c ddx -n "__fish_ddx_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "add" -d 'Register a local GGUF file, or a served model, under a name usable with --model NAME'
