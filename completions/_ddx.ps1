
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'ddx' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'ddx'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'ddx' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ask', 'ask', [CompletionResultType]::ParameterValue, 'Ask the model one question and stream the answer to stdout')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Counterfactual and robustness probes of a case file: variants that should not change the answer (sex, race, age, insurance, housing, language, option order and letters, wording, an irrelevant normal lab, and the unchanged case as a control)')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Run a model over a JSONL case file: one JSON result per input line, in input order')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Measure speed and memory: single stream (like llama-bench) or batch throughput')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Score a model against cases with a gold ''answer'': accuracy, per-class precision/recall, calibration')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'The ledger of batch and eval runs: list, show, remove, import result files made elsewhere')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'List the prompt templates (built-in and your own) and the built-in chat templates')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Show what the model would be sent for each case, without generating: the messages, the prompt after the chat template, its tokens')
            [CompletionResult]::new('sdx', 'sdx', [CompletionResultType]::ParameterValue, 'Sequential diagnosis: the model asks, examines and orders priced tests one step at a time, then commits to a diagnosis; accuracy against cost')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Write a report of one or more runs: provenance, accuracy with CI, per-class table, confusion matrix, calibration, latency; several runs compared')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'Talk with the model about one case at a time (a REPL with slash commands)')
            [CompletionResult]::new('tui', 'tui', [CompletionResultType]::ParameterValue, 'Review a case file in a terminal UI: the case, the conversation, the differential')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import clinical data from another format as case records (JSONL on stdout)')
            [CompletionResult]::new('deid', 'deid', [CompletionResultType]::ParameterValue, 'Remove identifiers (HIPAA Safe Harbor types) from a JSONL case file, or score the rules on an annotated one (--score)')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert between ddx files and OpenAI/Azure Batch API files: cases into request lines, Batch API output back into ddx result records')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge shard result files into one, checking every input id is there exactly once')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show where ddx keeps its files and which settings are in effect; write a starter config')
            [CompletionResult]::new('models', 'models', [CompletionResultType]::ParameterValue, 'List, inspect, verify and register GGUF model files (never downloads anything)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write shell completions and man pages generated from this command line (for packagers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;ask' {
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'A system prompt for this question')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Constrain the answer to this JSON schema; the answer is printed as JSON')
            [CompletionResult]::new('--deid-dates', '--deid-dates', [CompletionResultType]::ParameterName, 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year')
            [CompletionResult]::new('--deid-date-order', '--deid-date-order', [CompletionResultType]::ParameterName, 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): ''month-first'' (US) or ''day-first''; 13/04/2021 is read day first either way')
            [CompletionResult]::new('--deid-model', '--deid-model', [CompletionResultType]::ParameterName, 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too')
            [CompletionResult]::new('--salt-file', '--salt-file', [CompletionResultType]::ParameterName, 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)')
            [CompletionResult]::new('--deid-replace', '--deid-replace', [CompletionResultType]::ParameterName, 'What stands where an identifier was: ''tags'' ([NAME], [PHONE], ...) or ''surrogates'' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--chat-template', '--chat-template', [CompletionResultType]::ParameterName, 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model''s own, else one chosen from its architecture)')
            [CompletionResult]::new('--reasoning-format', '--reasoning-format', [CompletionResultType]::ParameterName, 'Reasoning blocks: ''think-tags'' splits <think>...</think> from the answer (into ''reasoning''), ''gpt-oss'' splits harmony''s analysis channel from its final one, ''none'' never splits, ''auto'' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>')
            [CompletionResult]::new('--reasoning-budget', '--reasoning-budget', [CompletionResultType]::ParameterName, 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template''s enable_thinking, or an empty block)')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Sampling temperature; 0 picks the most likely token every time (greedy)')
            [CompletionResult]::new('--top-k', '--top-k', [CompletionResultType]::ParameterName, 'Sample only from the K most likely tokens (0 = off)')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)')
            [CompletionResult]::new('--min-p', '--min-p', [CompletionResultType]::ParameterName, 'Drop tokens less likely than P times the most likely one (0 = off)')
            [CompletionResult]::new('--repeat-penalty', '--repeat-penalty', [CompletionResultType]::ParameterName, 'Penalise tokens repeated in the last 64 (1 = off)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: same input, settings and seed give the same output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the answer at this text (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--ctx-size', '--ctx-size', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)')
            [CompletionResult]::new('--gpu-layers', '--gpu-layers', [CompletionResultType]::ParameterName, 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build')
            [CompletionResult]::new('--main-gpu', '--main-gpu', [CompletionResultType]::ParameterName, 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)')
            [CompletionResult]::new('--split-mode', '--split-mode', [CompletionResultType]::ParameterName, 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)')
            [CompletionResult]::new('--flash-attn', '--flash-attn', [CompletionResultType]::ParameterName, 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)')
            [CompletionResult]::new('--cache-type-k', '--cache-type-k', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost')
            [CompletionResult]::new('--cache-type-v', '--cache-type-v', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The model or deployment name sent in each request (default: the one model the server lists)')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest a request may take, answer included, in seconds')
            [CompletionResult]::new('--max-rpm', '--max-rpm', [CompletionResultType]::ParameterName, 'At most this many requests per minute (for metered endpoints)')
            [CompletionResult]::new('--max-tpm', '--max-tpm', [CompletionResultType]::ParameterName, 'At most this many tokens per minute, counted from the server''s usage (for metered endpoints)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Constrain the answer to the template''s own JSON schema (the differential template has one)')
            [CompletionResult]::new('--show-reasoning', '--show-reasoning', [CompletionResultType]::ParameterName, 'Also print a reasoning model''s thinking, to stderr as it comes (labelled, dimmed on a terminal); stdout stays the answer')
            [CompletionResult]::new('--deid', '--deid', [CompletionResultType]::ParameterName, 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a ''deid'' block')
            [CompletionResult]::new('--batch-invariant', '--batch-invariant', [CompletionResultType]::ParameterName, 'Make each case''s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)')
            [CompletionResult]::new('--allow-identifiable', '--allow-identifiable', [CompletionResultType]::ParameterName, 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;audit' {
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Probe families to apply, comma-separated or repeated')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the order probe''s permutation (same seed, same variant)')
            [CompletionResult]::new('--max-line-bytes', '--max-line-bytes', [CompletionResultType]::ParameterName, 'Largest input line accepted, in bytes (longer lines are reported and skipped)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--emit-variants', '--emit-variants', [CompletionResultType]::ParameterName, 'Write every variant as a case line (id CASEID~VARIANTID, meta.audit) to stdout, and the count of variants and skipped cases per probe to stderr; required until the audit run itself lands')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;batch' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write results to this file instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write results to this file instead of stdout')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Cases decoded at once (default: chosen from the hardware and the context budget)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Cases decoded at once (default: chosen from the hardware and the context budget)')
            [CompletionResult]::new('--max-line-bytes', '--max-line-bytes', [CompletionResultType]::ParameterName, 'Largest input line accepted, in bytes (longer lines become error records)')
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'What the input lines are: ddx cases, OpenAI Batch API requests (custom_id, method, url, body), or auto (requests when the first non-blank line is one)')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'What result lines are: ddx records, or the OpenAI Batch API''s output objects')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Run only shard K of N (1-based): the lines whose id hashes into it (FNV-1a 64 of the id, mod N). ''auto'' reads Slurm''s SLURM_ARRAY_TASK_* or Kubernetes'' JOB_COMPLETION_INDEX (with auto/N or DDX_SHARD_COUNT=N)')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Constrain every answer to this JSON schema; each result gains the parsed answer as ''json''')
            [CompletionResult]::new('--labels', '--labels', [CompletionResultType]::ParameterName, 'Annotate: each answer is exactly one of these labels ("a,b,c", or @FILE with one per line)')
            [CompletionResult]::new('--instruction', '--instruction', [CompletionResultType]::ParameterName, 'The instruction the annotate template gives the model (TEXT, or @FILE)')
            [CompletionResult]::new('--schema-retry', '--schema-retry', [CompletionResultType]::ParameterName, 'When an answer does not validate against the schema, run the case again with a new seed, up to N more times (the seeds and earlier errors are recorded; needs --temperature > 0)')
            [CompletionResult]::new('--deid-dates', '--deid-dates', [CompletionResultType]::ParameterName, 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year')
            [CompletionResult]::new('--deid-date-order', '--deid-date-order', [CompletionResultType]::ParameterName, 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): ''month-first'' (US) or ''day-first''; 13/04/2021 is read day first either way')
            [CompletionResult]::new('--deid-model', '--deid-model', [CompletionResultType]::ParameterName, 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too')
            [CompletionResult]::new('--salt-file', '--salt-file', [CompletionResultType]::ParameterName, 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)')
            [CompletionResult]::new('--deid-replace', '--deid-replace', [CompletionResultType]::ParameterName, 'What stands where an identifier was: ''tags'' ([NAME], [PHONE], ...) or ''surrogates'' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--chat-template', '--chat-template', [CompletionResultType]::ParameterName, 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model''s own, else one chosen from its architecture)')
            [CompletionResult]::new('--reasoning-format', '--reasoning-format', [CompletionResultType]::ParameterName, 'Reasoning blocks: ''think-tags'' splits <think>...</think> from the answer (into ''reasoning''), ''gpt-oss'' splits harmony''s analysis channel from its final one, ''none'' never splits, ''auto'' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>')
            [CompletionResult]::new('--reasoning-budget', '--reasoning-budget', [CompletionResultType]::ParameterName, 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template''s enable_thinking, or an empty block)')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Sampling temperature; 0 picks the most likely token every time (greedy)')
            [CompletionResult]::new('--top-k', '--top-k', [CompletionResultType]::ParameterName, 'Sample only from the K most likely tokens (0 = off)')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)')
            [CompletionResult]::new('--min-p', '--min-p', [CompletionResultType]::ParameterName, 'Drop tokens less likely than P times the most likely one (0 = off)')
            [CompletionResult]::new('--repeat-penalty', '--repeat-penalty', [CompletionResultType]::ParameterName, 'Penalise tokens repeated in the last 64 (1 = off)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: same input, settings and seed give the same output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the answer at this text (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--ctx-size', '--ctx-size', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)')
            [CompletionResult]::new('--gpu-layers', '--gpu-layers', [CompletionResultType]::ParameterName, 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build')
            [CompletionResult]::new('--main-gpu', '--main-gpu', [CompletionResultType]::ParameterName, 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)')
            [CompletionResult]::new('--split-mode', '--split-mode', [CompletionResultType]::ParameterName, 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)')
            [CompletionResult]::new('--flash-attn', '--flash-attn', [CompletionResultType]::ParameterName, 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)')
            [CompletionResult]::new('--cache-type-k', '--cache-type-k', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost')
            [CompletionResult]::new('--cache-type-v', '--cache-type-v', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The model or deployment name sent in each request (default: the one model the server lists)')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest a request may take, answer included, in seconds')
            [CompletionResult]::new('--max-rpm', '--max-rpm', [CompletionResultType]::ParameterName, 'At most this many requests per minute (for metered endpoints)')
            [CompletionResult]::new('--max-tpm', '--max-tpm', [CompletionResultType]::ParameterName, 'At most this many tokens per minute, counted from the server''s usage (for metered endpoints)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite a non-empty output file')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Continue an interrupted run: skip ids that already have an "ok" record in the output file, redo those with an error record, append the rest')
            [CompletionResult]::new('--no-retry-errors', '--no-retry-errors', [CompletionResultType]::ParameterName, 'With --resume, keep earlier error records instead of retrying their cases')
            [CompletionResult]::new('--prompt-sha256', '--prompt-sha256', [CompletionResultType]::ParameterName, 'Add the sha256 of each case''s prompt (after the chat template) to its result, so two runs can be shown to have sent identical prompts (`ddx render` prints the same hash)')
            [CompletionResult]::new('--no-ledger', '--no-ledger', [CompletionResultType]::ParameterName, 'Do not record this run in the ledger (config: ledger = false)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'While another run writes the same output file, wait for it to end instead of refusing (config: wait)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Constrain answers to the template''s own JSON schema (--template differential declares one)')
            [CompletionResult]::new('--multi-label', '--multi-label', [CompletionResultType]::ParameterName, 'With --labels: each answer is the list of every label that applies')
            [CompletionResult]::new('--score', '--score', [CompletionResultType]::ParameterName, 'Rank each case''s options (or --labels) by the model''s log-likelihood instead of generating')
            [CompletionResult]::new('--deid', '--deid', [CompletionResultType]::ParameterName, 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a ''deid'' block')
            [CompletionResult]::new('--batch-invariant', '--batch-invariant', [CompletionResultType]::ParameterName, 'Make each case''s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)')
            [CompletionResult]::new('--allow-identifiable', '--allow-identifiable', [CompletionResultType]::ParameterName, 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;bench' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('single', 'single', [CompletionResultType]::ParameterValue, 'Prompt processing and generation speed of one stream, llama-bench style')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Batch throughput of a workload at several --parallel values')
            [CompletionResult]::new('workload', 'workload', [CompletionResultType]::ParameterValue, 'Print a synthetic workload as JSONL (id + messages), to feed other tools the same cases')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;bench;single' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Prompt tokens per run (random tokens, one batch)')
            [CompletionResult]::new('--n-prompt', '--n-prompt', [CompletionResultType]::ParameterName, 'Prompt tokens per run (random tokens, one batch)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Tokens generated per run (one at a time)')
            [CompletionResult]::new('--n-gen', '--n-gen', [CompletionResultType]::ParameterName, 'Tokens generated per run (one at a time)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Measured runs (after one warm-up run)')
            [CompletionResult]::new('--repetitions', '--repetitions', [CompletionResultType]::ParameterName, 'Measured runs (after one warm-up run)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--chat-template', '--chat-template', [CompletionResultType]::ParameterName, 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model''s own, else one chosen from its architecture)')
            [CompletionResult]::new('--reasoning-format', '--reasoning-format', [CompletionResultType]::ParameterName, 'Reasoning blocks: ''think-tags'' splits <think>...</think> from the answer (into ''reasoning''), ''gpt-oss'' splits harmony''s analysis channel from its final one, ''none'' never splits, ''auto'' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>')
            [CompletionResult]::new('--reasoning-budget', '--reasoning-budget', [CompletionResultType]::ParameterName, 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template''s enable_thinking, or an empty block)')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Sampling temperature; 0 picks the most likely token every time (greedy)')
            [CompletionResult]::new('--top-k', '--top-k', [CompletionResultType]::ParameterName, 'Sample only from the K most likely tokens (0 = off)')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)')
            [CompletionResult]::new('--min-p', '--min-p', [CompletionResultType]::ParameterName, 'Drop tokens less likely than P times the most likely one (0 = off)')
            [CompletionResult]::new('--repeat-penalty', '--repeat-penalty', [CompletionResultType]::ParameterName, 'Penalise tokens repeated in the last 64 (1 = off)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: same input, settings and seed give the same output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the answer at this text (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--ctx-size', '--ctx-size', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)')
            [CompletionResult]::new('--gpu-layers', '--gpu-layers', [CompletionResultType]::ParameterName, 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build')
            [CompletionResult]::new('--main-gpu', '--main-gpu', [CompletionResultType]::ParameterName, 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)')
            [CompletionResult]::new('--split-mode', '--split-mode', [CompletionResultType]::ParameterName, 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)')
            [CompletionResult]::new('--flash-attn', '--flash-attn', [CompletionResultType]::ParameterName, 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)')
            [CompletionResult]::new('--cache-type-k', '--cache-type-k', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost')
            [CompletionResult]::new('--cache-type-v', '--cache-type-v', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The model or deployment name sent in each request (default: the one model the server lists)')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest a request may take, answer included, in seconds')
            [CompletionResult]::new('--max-rpm', '--max-rpm', [CompletionResultType]::ParameterName, 'At most this many requests per minute (for metered endpoints)')
            [CompletionResult]::new('--max-tpm', '--max-tpm', [CompletionResultType]::ParameterName, 'At most this many tokens per minute, counted from the server''s usage (for metered endpoints)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object instead of a table')
            [CompletionResult]::new('--batch-invariant', '--batch-invariant', [CompletionResultType]::ParameterName, 'Make each case''s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)')
            [CompletionResult]::new('--allow-identifiable', '--allow-identifiable', [CompletionResultType]::ParameterName, 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;bench;batch' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Built-in synthetic workload: long-case or annotate')
            [CompletionResult]::new('--workload', '--workload', [CompletionResultType]::ParameterName, 'Built-in synthetic workload: long-case or annotate')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Measure on a JSONL case file instead of a synthetic workload')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'Measure on a JSONL case file instead of a synthetic workload')
            [CompletionResult]::new('--cases', '--cases', [CompletionResultType]::ParameterName, 'Cases in the synthetic workload')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Parallel values to measure, comma-separated')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Parallel values to measure, comma-separated')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--chat-template', '--chat-template', [CompletionResultType]::ParameterName, 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model''s own, else one chosen from its architecture)')
            [CompletionResult]::new('--reasoning-format', '--reasoning-format', [CompletionResultType]::ParameterName, 'Reasoning blocks: ''think-tags'' splits <think>...</think> from the answer (into ''reasoning''), ''gpt-oss'' splits harmony''s analysis channel from its final one, ''none'' never splits, ''auto'' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>')
            [CompletionResult]::new('--reasoning-budget', '--reasoning-budget', [CompletionResultType]::ParameterName, 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template''s enable_thinking, or an empty block)')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Sampling temperature; 0 picks the most likely token every time (greedy)')
            [CompletionResult]::new('--top-k', '--top-k', [CompletionResultType]::ParameterName, 'Sample only from the K most likely tokens (0 = off)')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)')
            [CompletionResult]::new('--min-p', '--min-p', [CompletionResultType]::ParameterName, 'Drop tokens less likely than P times the most likely one (0 = off)')
            [CompletionResult]::new('--repeat-penalty', '--repeat-penalty', [CompletionResultType]::ParameterName, 'Penalise tokens repeated in the last 64 (1 = off)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: same input, settings and seed give the same output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the answer at this text (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--ctx-size', '--ctx-size', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)')
            [CompletionResult]::new('--gpu-layers', '--gpu-layers', [CompletionResultType]::ParameterName, 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build')
            [CompletionResult]::new('--main-gpu', '--main-gpu', [CompletionResultType]::ParameterName, 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)')
            [CompletionResult]::new('--split-mode', '--split-mode', [CompletionResultType]::ParameterName, 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)')
            [CompletionResult]::new('--flash-attn', '--flash-attn', [CompletionResultType]::ParameterName, 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)')
            [CompletionResult]::new('--cache-type-k', '--cache-type-k', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost')
            [CompletionResult]::new('--cache-type-v', '--cache-type-v', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The model or deployment name sent in each request (default: the one model the server lists)')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest a request may take, answer included, in seconds')
            [CompletionResult]::new('--max-rpm', '--max-rpm', [CompletionResultType]::ParameterName, 'At most this many requests per minute (for metered endpoints)')
            [CompletionResult]::new('--max-tpm', '--max-tpm', [CompletionResultType]::ParameterName, 'At most this many tokens per minute, counted from the server''s usage (for metered endpoints)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--full-kv', '--full-kv', [CompletionResultType]::ParameterName, 'Also measure each --parallel with a whole context per case in the KV cache (the sizing before the shared pool was planned from what cases share), to compare')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object instead of a table')
            [CompletionResult]::new('--batch-invariant', '--batch-invariant', [CompletionResultType]::ParameterName, 'Make each case''s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)')
            [CompletionResult]::new('--allow-identifiable', '--allow-identifiable', [CompletionResultType]::ParameterName, 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;bench;workload' {
            [CompletionResult]::new('--cases', '--cases', [CompletionResultType]::ParameterName, 'Number of cases')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;bench;help' {
            [CompletionResult]::new('single', 'single', [CompletionResultType]::ParameterValue, 'Prompt processing and generation speed of one stream, llama-bench style')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Batch throughput of a workload at several --parallel values')
            [CompletionResult]::new('workload', 'workload', [CompletionResultType]::ParameterValue, 'Print a synthetic workload as JSONL (id + messages), to feed other tools the same cases')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;bench;help;single' {
            break
        }
        'ddx;bench;help;batch' {
            break
        }
        'ddx;bench;help;workload' {
            break
        }
        'ddx;bench;help;help' {
            break
        }
        'ddx;eval' {
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Take a case field from another field of the record: FIELD=SOURCE (repeatable; SOURCE may be a.b.c)')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write the full JSON report (metrics and every case''s prediction) to this file')
            [CompletionResult]::new('--gold', '--gold', [CompletionResultType]::ParameterName, 'Take gold answers from reviews (`ddx tui --annotations FILE`): a label overrides the file''s answer, an accepted answer is gold, ''wrong'' alone keeps the file''s answer (a case with none is not evaluated)')
            [CompletionResult]::new('--labels', '--labels', [CompletionResultType]::ParameterName, 'Treat every case as this label set ("yes,no,maybe" or @FILE) instead of its own options')
            [CompletionResult]::new('--instruction', '--instruction', [CompletionResultType]::ParameterName, 'The instruction the annotate template gives the model with --labels (TEXT, or @FILE)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Cases decoded at once when generating (default: chosen from the hardware)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Cases decoded at once when generating (default: chosen from the hardware)')
            [CompletionResult]::new('--max-line-bytes', '--max-line-bytes', [CompletionResultType]::ParameterName, 'Largest input line accepted, in bytes (longer lines are listed as errors)')
            [CompletionResult]::new('--deid-dates', '--deid-dates', [CompletionResultType]::ParameterName, 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year')
            [CompletionResult]::new('--deid-date-order', '--deid-date-order', [CompletionResultType]::ParameterName, 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): ''month-first'' (US) or ''day-first''; 13/04/2021 is read day first either way')
            [CompletionResult]::new('--deid-model', '--deid-model', [CompletionResultType]::ParameterName, 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too')
            [CompletionResult]::new('--salt-file', '--salt-file', [CompletionResultType]::ParameterName, 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)')
            [CompletionResult]::new('--deid-replace', '--deid-replace', [CompletionResultType]::ParameterName, 'What stands where an identifier was: ''tags'' ([NAME], [PHONE], ...) or ''surrogates'' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--chat-template', '--chat-template', [CompletionResultType]::ParameterName, 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model''s own, else one chosen from its architecture)')
            [CompletionResult]::new('--reasoning-format', '--reasoning-format', [CompletionResultType]::ParameterName, 'Reasoning blocks: ''think-tags'' splits <think>...</think> from the answer (into ''reasoning''), ''gpt-oss'' splits harmony''s analysis channel from its final one, ''none'' never splits, ''auto'' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>')
            [CompletionResult]::new('--reasoning-budget', '--reasoning-budget', [CompletionResultType]::ParameterName, 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template''s enable_thinking, or an empty block)')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Sampling temperature; 0 picks the most likely token every time (greedy)')
            [CompletionResult]::new('--top-k', '--top-k', [CompletionResultType]::ParameterName, 'Sample only from the K most likely tokens (0 = off)')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)')
            [CompletionResult]::new('--min-p', '--min-p', [CompletionResultType]::ParameterName, 'Drop tokens less likely than P times the most likely one (0 = off)')
            [CompletionResult]::new('--repeat-penalty', '--repeat-penalty', [CompletionResultType]::ParameterName, 'Penalise tokens repeated in the last 64 (1 = off)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: same input, settings and seed give the same output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the answer at this text (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--ctx-size', '--ctx-size', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)')
            [CompletionResult]::new('--gpu-layers', '--gpu-layers', [CompletionResultType]::ParameterName, 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build')
            [CompletionResult]::new('--main-gpu', '--main-gpu', [CompletionResultType]::ParameterName, 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)')
            [CompletionResult]::new('--split-mode', '--split-mode', [CompletionResultType]::ParameterName, 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)')
            [CompletionResult]::new('--flash-attn', '--flash-attn', [CompletionResultType]::ParameterName, 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)')
            [CompletionResult]::new('--cache-type-k', '--cache-type-k', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost')
            [CompletionResult]::new('--cache-type-v', '--cache-type-v', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The model or deployment name sent in each request (default: the one model the server lists)')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest a request may take, answer included, in seconds')
            [CompletionResult]::new('--max-rpm', '--max-rpm', [CompletionResultType]::ParameterName, 'At most this many requests per minute (for metered endpoints)')
            [CompletionResult]::new('--max-tpm', '--max-tpm', [CompletionResultType]::ParameterName, 'At most this many tokens per minute, counted from the server''s usage (for metered endpoints)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate answers and extract the choice from the text, even for cases with options')
            [CompletionResult]::new('--no-ledger', '--no-ledger', [CompletionResultType]::ParameterName, 'Do not record this run in the ledger (config: ledger = false)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'While another run writes the same output file, wait for it to end instead of refusing (config: wait)')
            [CompletionResult]::new('--deid', '--deid', [CompletionResultType]::ParameterName, 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a ''deid'' block')
            [CompletionResult]::new('--batch-invariant', '--batch-invariant', [CompletionResultType]::ParameterName, 'Make each case''s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)')
            [CompletionResult]::new('--allow-identifiable', '--allow-identifiable', [CompletionResultType]::ParameterName, 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;runs' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List recorded runs, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one run: provenance, settings, counts, metrics and timings')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete runs and their per-case rows from the ledger (result files are not touched)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Record a ddx result file made elsewhere (another machine''s shard) as a run')
            [CompletionResult]::new('compare', 'compare', [CompletionResultType]::ParameterValue, 'Compare runs (and reviewers) on the cases they share: accuracy with CI, paired difference, McNemar, Cochran''s Q, kappa, Krippendorff''s alpha, the cases they disagree on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;runs;list' {
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Only runs whose model (file name, served name or sha256) contains this text')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Only runs whose template name contains this text')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'Only runs whose input file path contains this text')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many runs')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per run (JSON Lines) instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;runs;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the whole run, per-case rows included, as one JSON object')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;runs;rm' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;runs;import' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;runs;compare' {
            [CompletionResult]::new('--rater', '--rater', [CompletionResultType]::ParameterName, 'An annotation file of `ddx tui --annotations` whose reviews are one more rater (a label, or the accepted answer; repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print every statistic as one JSON object')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;runs;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List recorded runs, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one run: provenance, settings, counts, metrics and timings')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete runs and their per-case rows from the ledger (result files are not touched)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Record a ddx result file made elsewhere (another machine''s shard) as a run')
            [CompletionResult]::new('compare', 'compare', [CompletionResultType]::ParameterValue, 'Compare runs (and reviewers) on the cases they share: accuracy with CI, paired difference, McNemar, Cochran''s Q, kappa, Krippendorff''s alpha, the cases they disagree on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;runs;help;list' {
            break
        }
        'ddx;runs;help;show' {
            break
        }
        'ddx;runs;help;rm' {
            break
        }
        'ddx;runs;help;import' {
            break
        }
        'ddx;runs;help;compare' {
            break
        }
        'ddx;runs;help;help' {
            break
        }
        'ddx;templates' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a template''s source: a prompt template (TOML) or a built-in chat template (Jinja)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;templates;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;templates;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a template''s source: a prompt template (TOML) or a built-in chat template (Jinja)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;templates;help;show' {
            break
        }
        'ddx;templates;help;help' {
            break
        }
        'ddx;render' {
            [CompletionResult]::new('--max-line-bytes', '--max-line-bytes', [CompletionResultType]::ParameterName, 'Largest input line accepted, in bytes (longer lines become error records)')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Constrain every answer to this JSON schema; each result gains the parsed answer as ''json''')
            [CompletionResult]::new('--labels', '--labels', [CompletionResultType]::ParameterName, 'Annotate: each answer is exactly one of these labels ("a,b,c", or @FILE with one per line)')
            [CompletionResult]::new('--instruction', '--instruction', [CompletionResultType]::ParameterName, 'The instruction the annotate template gives the model (TEXT, or @FILE)')
            [CompletionResult]::new('--schema-retry', '--schema-retry', [CompletionResultType]::ParameterName, 'When an answer does not validate against the schema, run the case again with a new seed, up to N more times (the seeds and earlier errors are recorded; needs --temperature > 0)')
            [CompletionResult]::new('--deid-dates', '--deid-dates', [CompletionResultType]::ParameterName, 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year')
            [CompletionResult]::new('--deid-date-order', '--deid-date-order', [CompletionResultType]::ParameterName, 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): ''month-first'' (US) or ''day-first''; 13/04/2021 is read day first either way')
            [CompletionResult]::new('--deid-model', '--deid-model', [CompletionResultType]::ParameterName, 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too')
            [CompletionResult]::new('--salt-file', '--salt-file', [CompletionResultType]::ParameterName, 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)')
            [CompletionResult]::new('--deid-replace', '--deid-replace', [CompletionResultType]::ParameterName, 'What stands where an identifier was: ''tags'' ([NAME], [PHONE], ...) or ''surrogates'' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--chat-template', '--chat-template', [CompletionResultType]::ParameterName, 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model''s own, else one chosen from its architecture)')
            [CompletionResult]::new('--reasoning-format', '--reasoning-format', [CompletionResultType]::ParameterName, 'Reasoning blocks: ''think-tags'' splits <think>...</think> from the answer (into ''reasoning''), ''gpt-oss'' splits harmony''s analysis channel from its final one, ''none'' never splits, ''auto'' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>')
            [CompletionResult]::new('--reasoning-budget', '--reasoning-budget', [CompletionResultType]::ParameterName, 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template''s enable_thinking, or an empty block)')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Sampling temperature; 0 picks the most likely token every time (greedy)')
            [CompletionResult]::new('--top-k', '--top-k', [CompletionResultType]::ParameterName, 'Sample only from the K most likely tokens (0 = off)')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)')
            [CompletionResult]::new('--min-p', '--min-p', [CompletionResultType]::ParameterName, 'Drop tokens less likely than P times the most likely one (0 = off)')
            [CompletionResult]::new('--repeat-penalty', '--repeat-penalty', [CompletionResultType]::ParameterName, 'Penalise tokens repeated in the last 64 (1 = off)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: same input, settings and seed give the same output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the answer at this text (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--ctx-size', '--ctx-size', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)')
            [CompletionResult]::new('--gpu-layers', '--gpu-layers', [CompletionResultType]::ParameterName, 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build')
            [CompletionResult]::new('--main-gpu', '--main-gpu', [CompletionResultType]::ParameterName, 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)')
            [CompletionResult]::new('--split-mode', '--split-mode', [CompletionResultType]::ParameterName, 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)')
            [CompletionResult]::new('--flash-attn', '--flash-attn', [CompletionResultType]::ParameterName, 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)')
            [CompletionResult]::new('--cache-type-k', '--cache-type-k', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost')
            [CompletionResult]::new('--cache-type-v', '--cache-type-v', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The model or deployment name sent in each request (default: the one model the server lists)')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest a request may take, answer included, in seconds')
            [CompletionResult]::new('--max-rpm', '--max-rpm', [CompletionResultType]::ParameterName, 'At most this many requests per minute (for metered endpoints)')
            [CompletionResult]::new('--max-tpm', '--max-tpm', [CompletionResultType]::ParameterName, 'At most this many tokens per minute, counted from the server''s usage (for metered endpoints)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--tokens', '--tokens', [CompletionResultType]::ParameterName, 'Also list the prompt''s token ids and their text')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Constrain answers to the template''s own JSON schema (--template differential declares one)')
            [CompletionResult]::new('--multi-label', '--multi-label', [CompletionResultType]::ParameterName, 'With --labels: each answer is the list of every label that applies')
            [CompletionResult]::new('--score', '--score', [CompletionResultType]::ParameterName, 'Rank each case''s options (or --labels) by the model''s log-likelihood instead of generating')
            [CompletionResult]::new('--deid', '--deid', [CompletionResultType]::ParameterName, 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a ''deid'' block')
            [CompletionResult]::new('--batch-invariant', '--batch-invariant', [CompletionResultType]::ParameterName, 'Make each case''s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)')
            [CompletionResult]::new('--allow-identifiable', '--allow-identifiable', [CompletionResultType]::ParameterName, 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;sdx' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Play every case as an encounter: the model asks, examines and orders tests (each priced) one JSON action per turn, then commits to a diagnosis; one JSON result per encounter')
            [CompletionResult]::new('play', 'play', [CompletionResultType]::ParameterValue, 'Play one case yourself: type actions, the gatekeeper answers, the cost runs')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Accuracy (95% CI), mean cost and mean turns per budget of `ddx sdx run` result files')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;sdx;run' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write results to this file instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write results to this file instead of stdout')
            [CompletionResult]::new('--max-turns', '--max-turns', [CompletionResultType]::ParameterName, 'Actions per encounter, the final diagnosis included; the last one is a forced diagnosis')
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'Cost budgets in dollars: every case is played once per budget; reaching it forces a diagnosis (default: no budget)')
            [CompletionResult]::new('--prices', '--prices', [CompletionResultType]::ParameterName, 'A price table (TOML, the form of the shipped one) whose entries replace the shipped ones')
            [CompletionResult]::new('--prompt-log', '--prompt-log', [CompletionResultType]::ParameterName, 'Write every prompt the model under test is sent to this file (JSONL: id, budget, turn, messages), to audit what it saw')
            [CompletionResult]::new('--judge-model', '--judge-model', [CompletionResultType]::ParameterName, 'A model (GGUF file or registered name) that grades each final diagnosis against the gold on a 5-point rubric, greedy, shown the opening, differential and gold; 4 or 5 counts correct (the name match stays in ''match''); an encounter it fails on is an error record')
            [CompletionResult]::new('--gatekeeper-model', '--gatekeeper-model', [CompletionResultType]::ParameterName, 'A model (GGUF file or registered name) that rephrases what the deterministic gatekeeper reveals, as the patient, examiner or laboratory; a reply naming the diagnosis or a finding not revealed is refused and the deterministic answer kept')
            [CompletionResult]::new('--absent', '--absent', [CompletionResultType]::ParameterName, 'What an ordered test the case does not hold returns: ''neutral'' ("not available", which tells the model the case lacks it) or ''synthetic'' (the gatekeeper model writes a plausible, case-consistent result, marked synthetic and never counted as a finding; needs --gatekeeper-model)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Encounters decoded at once (default: chosen from the hardware)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Encounters decoded at once (default: chosen from the hardware)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--chat-template', '--chat-template', [CompletionResultType]::ParameterName, 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model''s own, else one chosen from its architecture)')
            [CompletionResult]::new('--reasoning-format', '--reasoning-format', [CompletionResultType]::ParameterName, 'Reasoning blocks: ''think-tags'' splits <think>...</think> from the answer (into ''reasoning''), ''gpt-oss'' splits harmony''s analysis channel from its final one, ''none'' never splits, ''auto'' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>')
            [CompletionResult]::new('--reasoning-budget', '--reasoning-budget', [CompletionResultType]::ParameterName, 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template''s enable_thinking, or an empty block)')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Sampling temperature; 0 picks the most likely token every time (greedy)')
            [CompletionResult]::new('--top-k', '--top-k', [CompletionResultType]::ParameterName, 'Sample only from the K most likely tokens (0 = off)')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)')
            [CompletionResult]::new('--min-p', '--min-p', [CompletionResultType]::ParameterName, 'Drop tokens less likely than P times the most likely one (0 = off)')
            [CompletionResult]::new('--repeat-penalty', '--repeat-penalty', [CompletionResultType]::ParameterName, 'Penalise tokens repeated in the last 64 (1 = off)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: same input, settings and seed give the same output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the answer at this text (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--ctx-size', '--ctx-size', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)')
            [CompletionResult]::new('--gpu-layers', '--gpu-layers', [CompletionResultType]::ParameterName, 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build')
            [CompletionResult]::new('--main-gpu', '--main-gpu', [CompletionResultType]::ParameterName, 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)')
            [CompletionResult]::new('--split-mode', '--split-mode', [CompletionResultType]::ParameterName, 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)')
            [CompletionResult]::new('--flash-attn', '--flash-attn', [CompletionResultType]::ParameterName, 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)')
            [CompletionResult]::new('--cache-type-k', '--cache-type-k', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost')
            [CompletionResult]::new('--cache-type-v', '--cache-type-v', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The model or deployment name sent in each request (default: the one model the server lists)')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest a request may take, answer included, in seconds')
            [CompletionResult]::new('--max-rpm', '--max-rpm', [CompletionResultType]::ParameterName, 'At most this many requests per minute (for metered endpoints)')
            [CompletionResult]::new('--max-tpm', '--max-tpm', [CompletionResultType]::ParameterName, 'At most this many tokens per minute, counted from the server''s usage (for metered endpoints)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite a non-empty output file')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Continue an interrupted run: skip encounters (case and budget) that already have an "ok" record in the output file, play the rest')
            [CompletionResult]::new('--no-retry-errors', '--no-retry-errors', [CompletionResultType]::ParameterName, 'With --resume, keep earlier error records instead of playing their encounters again')
            [CompletionResult]::new('--panel', '--panel', [CompletionResultType]::ParameterName, 'Before each action the model plays MAI-DxO''s panel in turn (hypothesis keeper, test chooser, challenger, cost steward, checklist); each role''s notes are in the transcript')
            [CompletionResult]::new('--no-ledger', '--no-ledger', [CompletionResultType]::ParameterName, 'Do not record this run in the ledger (config: ledger = false)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'While another run writes the same output file, wait for it to end instead of refusing (config: wait)')
            [CompletionResult]::new('--batch-invariant', '--batch-invariant', [CompletionResultType]::ParameterName, 'Make each case''s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)')
            [CompletionResult]::new('--allow-identifiable', '--allow-identifiable', [CompletionResultType]::ParameterName, 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;sdx;play' {
            [CompletionResult]::new('--case', '--case', [CompletionResultType]::ParameterName, 'The case''s id (''line-N'' for a case without one); the first case when absent')
            [CompletionResult]::new('--max-turns', '--max-turns', [CompletionResultType]::ParameterName, 'Actions, the final diagnosis included')
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'Cost budget in dollars; reaching it forces a diagnosis')
            [CompletionResult]::new('--prices', '--prices', [CompletionResultType]::ParameterName, 'A price table (TOML) whose entries replace the shipped ones')
            [CompletionResult]::new('--gatekeeper-model', '--gatekeeper-model', [CompletionResultType]::ParameterName, 'A model that rephrases what the gatekeeper reveals (checked; refused replies fall back to the deterministic answer)')
            [CompletionResult]::new('--absent', '--absent', [CompletionResultType]::ParameterName, 'What an ordered test the case does not hold returns: ''neutral'' ("not available") or ''synthetic'' (the gatekeeper model writes a plausible result; needs --gatekeeper-model)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;sdx;report' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;sdx;help' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Play every case as an encounter: the model asks, examines and orders tests (each priced) one JSON action per turn, then commits to a diagnosis; one JSON result per encounter')
            [CompletionResult]::new('play', 'play', [CompletionResultType]::ParameterValue, 'Play one case yourself: type actions, the gatekeeper answers, the cost runs')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Accuracy (95% CI), mean cost and mean turns per budget of `ddx sdx run` result files')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;sdx;help;run' {
            break
        }
        'ddx;sdx;help;play' {
            break
        }
        'ddx;sdx;help;report' {
            break
        }
        'ddx;sdx;help;help' {
            break
        }
        'ddx;report' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to this file instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to this file instead of stdout')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'html: one self-contained page with plots; md: Markdown tables for a terminal')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;chat' {
            [CompletionResult]::new('--case', '--case', [CompletionResultType]::ParameterName, 'Start on a case: a JSONL case file, optionally with ''#ID'' for a case other than the first')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'A system prompt that replaces the template''s')
            [CompletionResult]::new('--deid-dates', '--deid-dates', [CompletionResultType]::ParameterName, 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year')
            [CompletionResult]::new('--deid-date-order', '--deid-date-order', [CompletionResultType]::ParameterName, 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): ''month-first'' (US) or ''day-first''; 13/04/2021 is read day first either way')
            [CompletionResult]::new('--deid-model', '--deid-model', [CompletionResultType]::ParameterName, 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too')
            [CompletionResult]::new('--salt-file', '--salt-file', [CompletionResultType]::ParameterName, 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)')
            [CompletionResult]::new('--deid-replace', '--deid-replace', [CompletionResultType]::ParameterName, 'What stands where an identifier was: ''tags'' ([NAME], [PHONE], ...) or ''surrogates'' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--chat-template', '--chat-template', [CompletionResultType]::ParameterName, 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model''s own, else one chosen from its architecture)')
            [CompletionResult]::new('--reasoning-format', '--reasoning-format', [CompletionResultType]::ParameterName, 'Reasoning blocks: ''think-tags'' splits <think>...</think> from the answer (into ''reasoning''), ''gpt-oss'' splits harmony''s analysis channel from its final one, ''none'' never splits, ''auto'' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>')
            [CompletionResult]::new('--reasoning-budget', '--reasoning-budget', [CompletionResultType]::ParameterName, 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template''s enable_thinking, or an empty block)')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Sampling temperature; 0 picks the most likely token every time (greedy)')
            [CompletionResult]::new('--top-k', '--top-k', [CompletionResultType]::ParameterName, 'Sample only from the K most likely tokens (0 = off)')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)')
            [CompletionResult]::new('--min-p', '--min-p', [CompletionResultType]::ParameterName, 'Drop tokens less likely than P times the most likely one (0 = off)')
            [CompletionResult]::new('--repeat-penalty', '--repeat-penalty', [CompletionResultType]::ParameterName, 'Penalise tokens repeated in the last 64 (1 = off)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: same input, settings and seed give the same output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the answer at this text (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--ctx-size', '--ctx-size', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)')
            [CompletionResult]::new('--gpu-layers', '--gpu-layers', [CompletionResultType]::ParameterName, 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build')
            [CompletionResult]::new('--main-gpu', '--main-gpu', [CompletionResultType]::ParameterName, 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)')
            [CompletionResult]::new('--split-mode', '--split-mode', [CompletionResultType]::ParameterName, 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)')
            [CompletionResult]::new('--flash-attn', '--flash-attn', [CompletionResultType]::ParameterName, 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)')
            [CompletionResult]::new('--cache-type-k', '--cache-type-k', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost')
            [CompletionResult]::new('--cache-type-v', '--cache-type-v', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The model or deployment name sent in each request (default: the one model the server lists)')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest a request may take, answer included, in seconds')
            [CompletionResult]::new('--max-rpm', '--max-rpm', [CompletionResultType]::ParameterName, 'At most this many requests per minute (for metered endpoints)')
            [CompletionResult]::new('--max-tpm', '--max-tpm', [CompletionResultType]::ParameterName, 'At most this many tokens per minute, counted from the server''s usage (for metered endpoints)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Neither read nor write the history file')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'While another run writes the same output file, wait for it to end instead of refusing (config: wait)')
            [CompletionResult]::new('--deid', '--deid', [CompletionResultType]::ParameterName, 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a ''deid'' block')
            [CompletionResult]::new('--batch-invariant', '--batch-invariant', [CompletionResultType]::ParameterName, 'Make each case''s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)')
            [CompletionResult]::new('--allow-identifiable', '--allow-identifiable', [CompletionResultType]::ParameterName, 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;tui' {
            [CompletionResult]::new('--sdx', '--sdx', [CompletionResultType]::ParameterName, 'Play one sequential-diagnosis case from this JSONL file (OSCE records or ddx''s sequential form) instead of reviewing: type ask/examine/order/diagnose, see the findings and the cost (or --watch the model play it)')
            [CompletionResult]::new('--max-turns', '--max-turns', [CompletionResultType]::ParameterName, 'With --sdx: actions, the final diagnosis included')
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'With --sdx: cost budget in dollars; reaching it forces a diagnosis')
            [CompletionResult]::new('--prices', '--prices', [CompletionResultType]::ParameterName, 'With --sdx: a price table (TOML) over the shipped one, entry by entry')
            [CompletionResult]::new('--case', '--case', [CompletionResultType]::ParameterName, 'Open at the case with this id (default: the first case)')
            [CompletionResult]::new('--annotations', '--annotations', [CompletionResultType]::ParameterName, 'Append your reviews (accepted, wrong, label, note) to this JSONL file; cases already in it show as reviewed')
            [CompletionResult]::new('--deid-dates', '--deid-dates', [CompletionResultType]::ParameterName, 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year')
            [CompletionResult]::new('--deid-date-order', '--deid-date-order', [CompletionResultType]::ParameterName, 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): ''month-first'' (US) or ''day-first''; 13/04/2021 is read day first either way')
            [CompletionResult]::new('--deid-model', '--deid-model', [CompletionResultType]::ParameterName, 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too')
            [CompletionResult]::new('--salt-file', '--salt-file', [CompletionResultType]::ParameterName, 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)')
            [CompletionResult]::new('--deid-replace', '--deid-replace', [CompletionResultType]::ParameterName, 'What stands where an identifier was: ''tags'' ([NAME], [PHONE], ...) or ''surrogates'' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--chat-template', '--chat-template', [CompletionResultType]::ParameterName, 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model''s own, else one chosen from its architecture)')
            [CompletionResult]::new('--reasoning-format', '--reasoning-format', [CompletionResultType]::ParameterName, 'Reasoning blocks: ''think-tags'' splits <think>...</think> from the answer (into ''reasoning''), ''gpt-oss'' splits harmony''s analysis channel from its final one, ''none'' never splits, ''auto'' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>')
            [CompletionResult]::new('--reasoning-budget', '--reasoning-budget', [CompletionResultType]::ParameterName, 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template''s enable_thinking, or an empty block)')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Sampling temperature; 0 picks the most likely token every time (greedy)')
            [CompletionResult]::new('--top-k', '--top-k', [CompletionResultType]::ParameterName, 'Sample only from the K most likely tokens (0 = off)')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)')
            [CompletionResult]::new('--min-p', '--min-p', [CompletionResultType]::ParameterName, 'Drop tokens less likely than P times the most likely one (0 = off)')
            [CompletionResult]::new('--repeat-penalty', '--repeat-penalty', [CompletionResultType]::ParameterName, 'Penalise tokens repeated in the last 64 (1 = off)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: same input, settings and seed give the same output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the answer at this text (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--ctx-size', '--ctx-size', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)')
            [CompletionResult]::new('--gpu-layers', '--gpu-layers', [CompletionResultType]::ParameterName, 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build')
            [CompletionResult]::new('--main-gpu', '--main-gpu', [CompletionResultType]::ParameterName, 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)')
            [CompletionResult]::new('--split-mode', '--split-mode', [CompletionResultType]::ParameterName, 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)')
            [CompletionResult]::new('--flash-attn', '--flash-attn', [CompletionResultType]::ParameterName, 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)')
            [CompletionResult]::new('--cache-type-k', '--cache-type-k', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost')
            [CompletionResult]::new('--cache-type-v', '--cache-type-v', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The model or deployment name sent in each request (default: the one model the server lists)')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest a request may take, answer included, in seconds')
            [CompletionResult]::new('--max-rpm', '--max-rpm', [CompletionResultType]::ParameterName, 'At most this many requests per minute (for metered endpoints)')
            [CompletionResult]::new('--max-tpm', '--max-tpm', [CompletionResultType]::ParameterName, 'At most this many tokens per minute, counted from the server''s usage (for metered endpoints)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'With --sdx: the model plays and you watch, step by step (Enter: next step, a: autoplay)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'While another run writes the same output file, wait for it to end instead of refusing (config: wait)')
            [CompletionResult]::new('--deid', '--deid', [CompletionResultType]::ParameterName, 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a ''deid'' block')
            [CompletionResult]::new('--batch-invariant', '--batch-invariant', [CompletionResultType]::ParameterName, 'Make each case''s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)')
            [CompletionResult]::new('--allow-identifiable', '--allow-identifiable', [CompletionResultType]::ParameterName, 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;import' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('fhir', 'fhir', [CompletionResultType]::ParameterValue, 'FHIR R4 JSON: Bundles (transaction, collection, searchset) and Bulk Data NDJSON exports')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;import;fhir' {
            [CompletionResult]::new('--per', '--per', [CompletionResultType]::ParameterName, 'One case per patient, or one per encounter (with that encounter''s entries)')
            [CompletionResult]::new('--index-date', '--index-date', [CompletionResultType]::ParameterName, 'Keep only what happened up to this date (YYYY-MM-DD), for prediction tasks; entries get day offsets relative to it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the cases to this file instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the cases to this file instead of stdout')
            [CompletionResult]::new('--deid-dates', '--deid-dates', [CompletionResultType]::ParameterName, 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year')
            [CompletionResult]::new('--deid-date-order', '--deid-date-order', [CompletionResultType]::ParameterName, 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): ''month-first'' (US) or ''day-first''; 13/04/2021 is read day first either way')
            [CompletionResult]::new('--deid-model', '--deid-model', [CompletionResultType]::ParameterName, 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too')
            [CompletionResult]::new('--salt-file', '--salt-file', [CompletionResultType]::ParameterName, 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)')
            [CompletionResult]::new('--deid-replace', '--deid-replace', [CompletionResultType]::ParameterName, 'What stands where an identifier was: ''tags'' ([NAME], [PHONE], ...) or ''surrogates'' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite a non-empty output file')
            [CompletionResult]::new('--deid', '--deid', [CompletionResultType]::ParameterName, 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a ''deid'' block')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;import;help' {
            [CompletionResult]::new('fhir', 'fhir', [CompletionResultType]::ParameterValue, 'FHIR R4 JSON: Bundles (transaction, collection, searchset) and Bulk Data NDJSON exports')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;import;help;fhir' {
            break
        }
        'ddx;import;help;help' {
            break
        }
        'ddx;deid' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the de-identified cases to this file instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the de-identified cases to this file instead of stdout')
            [CompletionResult]::new('--deid-dates', '--deid-dates', [CompletionResultType]::ParameterName, 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year')
            [CompletionResult]::new('--deid-date-order', '--deid-date-order', [CompletionResultType]::ParameterName, 'How to read an all-numeric date whose first two numbers could both be the month (03/04/2021): ''month-first'' (US) or ''day-first''; 13/04/2021 is read day first either way')
            [CompletionResult]::new('--deid-model', '--deid-model', [CompletionResultType]::ParameterName, 'After the rules, ask this model (a GGUF file, a registered name, local or served, or an endpoint URL) to list the identifiers left in each text field, and remove those too')
            [CompletionResult]::new('--salt-file', '--salt-file', [CompletionResultType]::ParameterName, 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)')
            [CompletionResult]::new('--deid-replace', '--deid-replace', [CompletionResultType]::ParameterName, 'What stands where an identifier was: ''tags'' ([NAME], [PHONE], ...) or ''surrogates'' (realistic fake values, the same for the same value of a patient under one salt) [default: tags; config: deid_replace; env: DDX_DEID_REPLACE]')
            [CompletionResult]::new('--score', '--score', [CompletionResultType]::ParameterName, 'Score the rules on this annotated JSONL file ([[type:text]] marks in any field, or ''text'' with ''spans'' in characters): token-level precision, recall and F1 per HIPAA category and overall, typed and not, entity-level strict and relaxed recall, over-redaction; each with the records'' ''patient'' fields and from the text alone')
            [CompletionResult]::new('--floor', '--floor', [CompletionResultType]::ParameterName, 'With --score: a least value, [patient.|text.]SCOPE.METRIC=VALUE (e.g. text.names.recall=0.95, overall.char_precision=0.98); the exit status is 1 when one fails')
            [CompletionResult]::new('--floors', '--floors', [CompletionResultType]::ParameterName, 'With --score: a file of floors, one KEY=VALUE per line (''#'' comments)')
            [CompletionResult]::new('--predictions', '--predictions', [CompletionResultType]::ParameterName, 'With --score: write each text''s gold and detected spans (character offsets) to this JSONL file, for checking the figures with another tool')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite a non-empty output file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'With --score: every figure as one JSON object instead of the table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;convert' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'What to write: openai-batch (requests from cases, rendered with the template) or ddx (result records from a Batch API output file); default: from what the input holds')
            [CompletionResult]::new('--model-name', '--model-name', [CompletionResultType]::ParameterName, 'The body''s "model" of each request (the deployment name on Azure; default: the model''s file stem)')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Ask for answers in this JSON schema (response_format json_schema, strict)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The request url of each line')
            [CompletionResult]::new('--max-line-bytes', '--max-line-bytes', [CompletionResultType]::ParameterName, 'Largest input line accepted, in bytes')
            [CompletionResult]::new('--sampling-fields', '--sampling-fields', [CompletionResultType]::ParameterName, 'Send temperature and top_p in each request: auto leaves them out for OpenAI''s reasoning models (o1, o3, o4-mini, gpt-5...: they refuse other values), send and omit always do')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--chat-template', '--chat-template', [CompletionResultType]::ParameterName, 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model''s own, else one chosen from its architecture)')
            [CompletionResult]::new('--reasoning-format', '--reasoning-format', [CompletionResultType]::ParameterName, 'Reasoning blocks: ''think-tags'' splits <think>...</think> from the answer (into ''reasoning''), ''gpt-oss'' splits harmony''s analysis channel from its final one, ''none'' never splits, ''auto'' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>')
            [CompletionResult]::new('--reasoning-budget', '--reasoning-budget', [CompletionResultType]::ParameterName, 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template''s enable_thinking, or an empty block)')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Sampling temperature; 0 picks the most likely token every time (greedy)')
            [CompletionResult]::new('--top-k', '--top-k', [CompletionResultType]::ParameterName, 'Sample only from the K most likely tokens (0 = off)')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)')
            [CompletionResult]::new('--min-p', '--min-p', [CompletionResultType]::ParameterName, 'Drop tokens less likely than P times the most likely one (0 = off)')
            [CompletionResult]::new('--repeat-penalty', '--repeat-penalty', [CompletionResultType]::ParameterName, 'Penalise tokens repeated in the last 64 (1 = off)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: same input, settings and seed give the same output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the answer at this text (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--ctx-size', '--ctx-size', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)')
            [CompletionResult]::new('--gpu-layers', '--gpu-layers', [CompletionResultType]::ParameterName, 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build')
            [CompletionResult]::new('--main-gpu', '--main-gpu', [CompletionResultType]::ParameterName, 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)')
            [CompletionResult]::new('--split-mode', '--split-mode', [CompletionResultType]::ParameterName, 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)')
            [CompletionResult]::new('--flash-attn', '--flash-attn', [CompletionResultType]::ParameterName, 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)')
            [CompletionResult]::new('--cache-type-k', '--cache-type-k', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost')
            [CompletionResult]::new('--cache-type-v', '--cache-type-v', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The model or deployment name sent in each request (default: the one model the server lists)')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest a request may take, answer included, in seconds')
            [CompletionResult]::new('--max-rpm', '--max-rpm', [CompletionResultType]::ParameterName, 'At most this many requests per minute (for metered endpoints)')
            [CompletionResult]::new('--max-tpm', '--max-tpm', [CompletionResultType]::ParameterName, 'At most this many tokens per minute, counted from the server''s usage (for metered endpoints)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite a non-empty output file')
            [CompletionResult]::new('--batch-invariant', '--batch-invariant', [CompletionResultType]::ParameterName, 'Make each case''s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)')
            [CompletionResult]::new('--allow-identifiable', '--allow-identifiable', [CompletionResultType]::ParameterName, 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;merge' {
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'The input all shards ran on: check every id is there exactly once, write in its order')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the check as one JSON object on stdout (OUT must then be a file)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite a non-empty OUT')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'While another run writes the same output file, wait for it to end instead of refusing (config: wait)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('paths', 'paths', [CompletionResultType]::ParameterValue, 'Print every location ddx reads or writes: config file, data, cache, models, prompts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective settings and where each came from (default, file, environment, flag)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented default config.toml (never overwrites an existing file)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;config;paths' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object instead of aligned text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;config;show' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--chat-template', '--chat-template', [CompletionResultType]::ParameterName, 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model''s own, else one chosen from its architecture)')
            [CompletionResult]::new('--reasoning-format', '--reasoning-format', [CompletionResultType]::ParameterName, 'Reasoning blocks: ''think-tags'' splits <think>...</think> from the answer (into ''reasoning''), ''gpt-oss'' splits harmony''s analysis channel from its final one, ''none'' never splits, ''auto'' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>')
            [CompletionResult]::new('--reasoning-budget', '--reasoning-budget', [CompletionResultType]::ParameterName, 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template''s enable_thinking, or an empty block)')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Sampling temperature; 0 picks the most likely token every time (greedy)')
            [CompletionResult]::new('--top-k', '--top-k', [CompletionResultType]::ParameterName, 'Sample only from the K most likely tokens (0 = off)')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)')
            [CompletionResult]::new('--min-p', '--min-p', [CompletionResultType]::ParameterName, 'Drop tokens less likely than P times the most likely one (0 = off)')
            [CompletionResult]::new('--repeat-penalty', '--repeat-penalty', [CompletionResultType]::ParameterName, 'Penalise tokens repeated in the last 64 (1 = off)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: same input, settings and seed give the same output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the answer at this text (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--ctx-size', '--ctx-size', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)')
            [CompletionResult]::new('--gpu-layers', '--gpu-layers', [CompletionResultType]::ParameterName, 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build')
            [CompletionResult]::new('--main-gpu', '--main-gpu', [CompletionResultType]::ParameterName, 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)')
            [CompletionResult]::new('--split-mode', '--split-mode', [CompletionResultType]::ParameterName, 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)')
            [CompletionResult]::new('--flash-attn', '--flash-attn', [CompletionResultType]::ParameterName, 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)')
            [CompletionResult]::new('--cache-type-k', '--cache-type-k', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost')
            [CompletionResult]::new('--cache-type-v', '--cache-type-v', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The model or deployment name sent in each request (default: the one model the server lists)')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest a request may take, answer included, in seconds')
            [CompletionResult]::new('--max-rpm', '--max-rpm', [CompletionResultType]::ParameterName, 'At most this many requests per minute (for metered endpoints)')
            [CompletionResult]::new('--max-tpm', '--max-tpm', [CompletionResultType]::ParameterName, 'At most this many tokens per minute, counted from the server''s usage (for metered endpoints)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object instead of commented TOML')
            [CompletionResult]::new('--batch-invariant', '--batch-invariant', [CompletionResultType]::ParameterName, 'Make each case''s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)')
            [CompletionResult]::new('--allow-identifiable', '--allow-identifiable', [CompletionResultType]::ParameterName, 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;config;init' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;config;help' {
            [CompletionResult]::new('paths', 'paths', [CompletionResultType]::ParameterValue, 'Print every location ddx reads or writes: config file, data, cache, models, prompts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective settings and where each came from (default, file, environment, flag)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented default config.toml (never overwrites an existing file)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;config;help;paths' {
            break
        }
        'ddx;config;help;show' {
            break
        }
        'ddx;config;help;init' {
            break
        }
        'ddx;config;help;help' {
            break
        }
        'ddx;models' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the GGUF files ddx knows: registry, data directory, ./models and the configured model')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Print a model''s GGUF metadata without loading its weights')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the sha256 of model files against the registry')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register a local GGUF file, or a served model, under a name usable with --model NAME')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;models;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Also list registry models that are not on this machine, with where to get them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;models;info' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'GGUF model file, or a registered model name (local or served; see `ddx models list`) (default: DDX_MODEL, the config file, then the default test model)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path')
            [CompletionResult]::new('--chat-template', '--chat-template', [CompletionResultType]::ParameterName, 'Chat template: a built-in name (chatml, qwen, llama3, gemma, phi3, phi4, mistral-v7, zephyr, deepseek, deepseek3) or a Jinja file (default: the model''s own, else one chosen from its architecture)')
            [CompletionResult]::new('--reasoning-format', '--reasoning-format', [CompletionResultType]::ParameterName, 'Reasoning blocks: ''think-tags'' splits <think>...</think> from the answer (into ''reasoning''), ''gpt-oss'' splits harmony''s analysis channel from its final one, ''none'' never splits, ''auto'' picks gpt-oss when the chat template has <|channel|>, think-tags when it mentions <think>')
            [CompletionResult]::new('--reasoning-budget', '--reasoning-budget', [CompletionResultType]::ParameterName, 'Most tokens of thinking before ddx closes the block and the model answers; 0 turns thinking off (the template''s enable_thinking, or an empty block)')
            [CompletionResult]::new('--temperature', '--temperature', [CompletionResultType]::ParameterName, 'Sampling temperature; 0 picks the most likely token every time (greedy)')
            [CompletionResult]::new('--top-k', '--top-k', [CompletionResultType]::ParameterName, 'Sample only from the K most likely tokens (0 = off)')
            [CompletionResult]::new('--top-p', '--top-p', [CompletionResultType]::ParameterName, 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)')
            [CompletionResult]::new('--min-p', '--min-p', [CompletionResultType]::ParameterName, 'Drop tokens less likely than P times the most likely one (0 = off)')
            [CompletionResult]::new('--repeat-penalty', '--repeat-penalty', [CompletionResultType]::ParameterName, 'Penalise tokens repeated in the last 64 (1 = off)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: same input, settings and seed give the same output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'Most tokens to generate per answer')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the answer at this text (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--ctx-size', '--ctx-size', [CompletionResultType]::ParameterName, 'Tokens one case or conversation may use: prompt plus answer')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'CPU threads (default: the physical cores, less those other work keeps busy when the model loads)')
            [CompletionResult]::new('--gpu-layers', '--gpu-layers', [CompletionResultType]::ParameterName, 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build')
            [CompletionResult]::new('--main-gpu', '--main-gpu', [CompletionResultType]::ParameterName, 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)')
            [CompletionResult]::new('--split-mode', '--split-mode', [CompletionResultType]::ParameterName, 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)')
            [CompletionResult]::new('--flash-attn', '--flash-attn', [CompletionResultType]::ParameterName, 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)')
            [CompletionResult]::new('--cache-type-k', '--cache-type-k', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost')
            [CompletionResult]::new('--cache-type-v', '--cache-type-v', [CompletionResultType]::ParameterName, 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Use a served model: an OpenAI-compatible base URL (http://127.0.0.1:8080/v1), an Azure OpenAI deployment URL or an Azure AI Foundry models URL (with ?api-version=...)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The model or deployment name sent in each request (default: the one model the server lists)')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY / AZURE_AI_API_KEY for Azure endpoints)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries of a request that failed with 408, 409, 429, 5xx, a dropped connection or a timeout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Longest a request may take, answer included, in seconds')
            [CompletionResult]::new('--max-rpm', '--max-rpm', [CompletionResultType]::ParameterName, 'At most this many requests per minute (for metered endpoints)')
            [CompletionResult]::new('--max-tpm', '--max-tpm', [CompletionResultType]::ParameterName, 'At most this many tokens per minute, counted from the server''s usage (for metered endpoints)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object (every metadata key) instead of text')
            [CompletionResult]::new('--sha256', '--sha256', [CompletionResultType]::ParameterName, 'Also compute the file''s sha256 (reads the whole file)')
            [CompletionResult]::new('--batch-invariant', '--batch-invariant', [CompletionResultType]::ParameterName, 'Make each case''s output byte-identical whatever --parallel, the other cases, or ask/chat (same model, settings, seed); slower, flash attention off, CPU only (config: batch_invariant)')
            [CompletionResult]::new('--allow-identifiable', '--allow-identifiable', [CompletionResultType]::ParameterName, 'Send cases that were not de-identified to an endpoint off this machine (without it, ddx refuses unless --deid is given)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;models;verify' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;models;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name to use with --model and `ddx models info` (letters, digits, ''.'', ''_'', ''-'')')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Register a served model at this endpoint instead of a file (as --endpoint elsewhere)')
            [CompletionResult]::new('--remote-model', '--remote-model', [CompletionResultType]::ParameterName, 'The served model''s name or deployment, sent in each request')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Environment variable that holds the served model''s key')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing registration of the same name')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;models;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the GGUF files ddx knows: registry, data directory, ./models and the configured model')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Print a model''s GGUF metadata without loading its weights')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the sha256 of model files against the registry')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register a local GGUF file, or a served model, under a name usable with --model NAME')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;models;help;list' {
            break
        }
        'ddx;models;help;info' {
            break
        }
        'ddx;models;help;verify' {
            break
        }
        'ddx;models;help;add' {
            break
        }
        'ddx;models;help;help' {
            break
        }
        'ddx;generate' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory to write into (created if missing)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the default config.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data: no progress, stats or summary on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more on stderr: resolved settings, and llama.cpp''s own log')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore every config file (built-in defaults, DDX_* variables and flags only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ddx;help' {
            [CompletionResult]::new('ask', 'ask', [CompletionResultType]::ParameterValue, 'Ask the model one question and stream the answer to stdout')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Counterfactual and robustness probes of a case file: variants that should not change the answer (sex, race, age, insurance, housing, language, option order and letters, wording, an irrelevant normal lab, and the unchanged case as a control)')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Run a model over a JSONL case file: one JSON result per input line, in input order')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Measure speed and memory: single stream (like llama-bench) or batch throughput')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Score a model against cases with a gold ''answer'': accuracy, per-class precision/recall, calibration')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'The ledger of batch and eval runs: list, show, remove, import result files made elsewhere')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'List the prompt templates (built-in and your own) and the built-in chat templates')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Show what the model would be sent for each case, without generating: the messages, the prompt after the chat template, its tokens')
            [CompletionResult]::new('sdx', 'sdx', [CompletionResultType]::ParameterValue, 'Sequential diagnosis: the model asks, examines and orders priced tests one step at a time, then commits to a diagnosis; accuracy against cost')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Write a report of one or more runs: provenance, accuracy with CI, per-class table, confusion matrix, calibration, latency; several runs compared')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'Talk with the model about one case at a time (a REPL with slash commands)')
            [CompletionResult]::new('tui', 'tui', [CompletionResultType]::ParameterValue, 'Review a case file in a terminal UI: the case, the conversation, the differential')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import clinical data from another format as case records (JSONL on stdout)')
            [CompletionResult]::new('deid', 'deid', [CompletionResultType]::ParameterValue, 'Remove identifiers (HIPAA Safe Harbor types) from a JSONL case file, or score the rules on an annotated one (--score)')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert between ddx files and OpenAI/Azure Batch API files: cases into request lines, Batch API output back into ddx result records')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge shard result files into one, checking every input id is there exactly once')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show where ddx keeps its files and which settings are in effect; write a starter config')
            [CompletionResult]::new('models', 'models', [CompletionResultType]::ParameterValue, 'List, inspect, verify and register GGUF model files (never downloads anything)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write shell completions and man pages generated from this command line (for packagers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ddx;help;ask' {
            break
        }
        'ddx;help;audit' {
            break
        }
        'ddx;help;batch' {
            break
        }
        'ddx;help;bench' {
            [CompletionResult]::new('single', 'single', [CompletionResultType]::ParameterValue, 'Prompt processing and generation speed of one stream, llama-bench style')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Batch throughput of a workload at several --parallel values')
            [CompletionResult]::new('workload', 'workload', [CompletionResultType]::ParameterValue, 'Print a synthetic workload as JSONL (id + messages), to feed other tools the same cases')
            break
        }
        'ddx;help;bench;single' {
            break
        }
        'ddx;help;bench;batch' {
            break
        }
        'ddx;help;bench;workload' {
            break
        }
        'ddx;help;eval' {
            break
        }
        'ddx;help;runs' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List recorded runs, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one run: provenance, settings, counts, metrics and timings')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete runs and their per-case rows from the ledger (result files are not touched)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Record a ddx result file made elsewhere (another machine''s shard) as a run')
            [CompletionResult]::new('compare', 'compare', [CompletionResultType]::ParameterValue, 'Compare runs (and reviewers) on the cases they share: accuracy with CI, paired difference, McNemar, Cochran''s Q, kappa, Krippendorff''s alpha, the cases they disagree on')
            break
        }
        'ddx;help;runs;list' {
            break
        }
        'ddx;help;runs;show' {
            break
        }
        'ddx;help;runs;rm' {
            break
        }
        'ddx;help;runs;import' {
            break
        }
        'ddx;help;runs;compare' {
            break
        }
        'ddx;help;templates' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a template''s source: a prompt template (TOML) or a built-in chat template (Jinja)')
            break
        }
        'ddx;help;templates;show' {
            break
        }
        'ddx;help;render' {
            break
        }
        'ddx;help;sdx' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Play every case as an encounter: the model asks, examines and orders tests (each priced) one JSON action per turn, then commits to a diagnosis; one JSON result per encounter')
            [CompletionResult]::new('play', 'play', [CompletionResultType]::ParameterValue, 'Play one case yourself: type actions, the gatekeeper answers, the cost runs')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Accuracy (95% CI), mean cost and mean turns per budget of `ddx sdx run` result files')
            break
        }
        'ddx;help;sdx;run' {
            break
        }
        'ddx;help;sdx;play' {
            break
        }
        'ddx;help;sdx;report' {
            break
        }
        'ddx;help;report' {
            break
        }
        'ddx;help;chat' {
            break
        }
        'ddx;help;tui' {
            break
        }
        'ddx;help;import' {
            [CompletionResult]::new('fhir', 'fhir', [CompletionResultType]::ParameterValue, 'FHIR R4 JSON: Bundles (transaction, collection, searchset) and Bulk Data NDJSON exports')
            break
        }
        'ddx;help;import;fhir' {
            break
        }
        'ddx;help;deid' {
            break
        }
        'ddx;help;convert' {
            break
        }
        'ddx;help;merge' {
            break
        }
        'ddx;help;config' {
            [CompletionResult]::new('paths', 'paths', [CompletionResultType]::ParameterValue, 'Print every location ddx reads or writes: config file, data, cache, models, prompts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective settings and where each came from (default, file, environment, flag)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented default config.toml (never overwrites an existing file)')
            break
        }
        'ddx;help;config;paths' {
            break
        }
        'ddx;help;config;show' {
            break
        }
        'ddx;help;config;init' {
            break
        }
        'ddx;help;models' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the GGUF files ddx knows: registry, data directory, ./models and the configured model')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Print a model''s GGUF metadata without loading its weights')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the sha256 of model files against the registry')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register a local GGUF file, or a served model, under a name usable with --model NAME')
            break
        }
        'ddx;help;models;list' {
            break
        }
        'ddx;help;models;info' {
            break
        }
        'ddx;help;models;verify' {
            break
        }
        'ddx;help;models;add' {
            break
        }
        'ddx;help;generate' {
            break
        }
        'ddx;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
