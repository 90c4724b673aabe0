
use builtin;
use str;

set edit:completion:arg-completer[ddx] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'ddx'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'ddx'= {
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ask 'Ask the model one question and stream the answer to stdout'
            cand batch 'Run a model over a JSONL case file: one JSON result per input line, in input order'
            cand bench 'Measure speed and memory: single stream (like llama-bench) or batch throughput'
            cand eval 'Score a model against cases with a gold ''answer'': accuracy, per-class precision/recall, calibration'
            cand templates 'List the prompt templates (built-in and your own)'
            cand chat 'Talk with the model about one case at a time (a REPL with slash commands)'
            cand tui 'Review a case file in a terminal UI: the case, the conversation, the differential'
            cand import 'Import clinical data from another format as case records (JSONL on stdout)'
            cand deid 'Remove identifiers (HIPAA Safe Harbor types) from a JSONL case file'
            cand config 'Show where ddx keeps its files and which settings are in effect; write a starter config'
            cand models 'List, inspect, verify and register GGUF model files (never downloads anything)'
            cand generate 'Write shell completions and man pages generated from this command line (for packagers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ddx;ask'= {
            cand --system 'A system prompt for this question'
            cand --schema 'Constrain the answer to this JSON schema; the answer is printed as JSON'
            cand -m 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand --model 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand -t 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --template 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --temperature 'Sampling temperature; 0 picks the most likely token every time (greedy)'
            cand --top-k 'Sample only from the K most likely tokens (0 = off)'
            cand --top-p 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)'
            cand --min-p 'Drop tokens less likely than P times the most likely one (0 = off)'
            cand --repeat-penalty 'Penalise tokens repeated in the last 64 (1 = off)'
            cand --seed 'Random seed: same input, settings and seed give the same output'
            cand -n 'Most tokens to generate per answer'
            cand --max-tokens 'Most tokens to generate per answer'
            cand --stop 'Stop the answer at this text (repeatable)'
            cand -c 'Tokens one case or conversation may use: prompt plus answer'
            cand --ctx-size 'Tokens one case or conversation may use: prompt plus answer'
            cand --threads 'CPU threads (default: the number of physical cores)'
            cand --gpu-layers 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build'
            cand --main-gpu 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)'
            cand --split-mode 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)'
            cand --flash-attn 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)'
            cand --cache-type-k 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost'
            cand --cache-type-v 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --json 'Constrain the answer to the template''s own JSON schema (the differential template has one)'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;batch'= {
            cand -o 'Write results to this file instead of stdout'
            cand --output 'Write results to this file instead of stdout'
            cand -p 'Cases decoded at once (default: chosen from the hardware and the context budget)'
            cand --parallel 'Cases decoded at once (default: chosen from the hardware and the context budget)'
            cand --max-line-bytes 'Largest input line accepted, in bytes (longer lines become error records)'
            cand --schema 'Constrain every answer to this JSON schema; each result gains the parsed answer as ''json'''
            cand --labels 'Annotate: each answer is exactly one of these labels ("a,b,c", or @FILE with one per line)'
            cand --instruction 'The instruction the annotate template gives the model (TEXT, or @FILE)'
            cand --deid-dates 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year'
            cand --salt-file 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)'
            cand -m 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand --model 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand -t 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --template 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --temperature 'Sampling temperature; 0 picks the most likely token every time (greedy)'
            cand --top-k 'Sample only from the K most likely tokens (0 = off)'
            cand --top-p 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)'
            cand --min-p 'Drop tokens less likely than P times the most likely one (0 = off)'
            cand --repeat-penalty 'Penalise tokens repeated in the last 64 (1 = off)'
            cand --seed 'Random seed: same input, settings and seed give the same output'
            cand -n 'Most tokens to generate per answer'
            cand --max-tokens 'Most tokens to generate per answer'
            cand --stop 'Stop the answer at this text (repeatable)'
            cand -c 'Tokens one case or conversation may use: prompt plus answer'
            cand --ctx-size 'Tokens one case or conversation may use: prompt plus answer'
            cand --threads 'CPU threads (default: the number of physical cores)'
            cand --gpu-layers 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build'
            cand --main-gpu 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)'
            cand --split-mode 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)'
            cand --flash-attn 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)'
            cand --cache-type-k 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost'
            cand --cache-type-v 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --force 'Overwrite a non-empty output file'
            cand --resume 'Continue an interrupted run: skip ids that already have an "ok" record in the output file, redo those with an error record, append the rest'
            cand --no-retry-errors 'With --resume, keep earlier error records instead of retrying their cases'
            cand --json 'Constrain answers to the template''s own JSON schema (--template differential declares one)'
            cand --multi-label 'With --labels: each answer is the list of every label that applies'
            cand --score 'Rank each case''s options (or --labels) by the model''s log-likelihood instead of generating'
            cand --deid 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a ''deid'' block'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;bench'= {
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand single 'Prompt processing and generation speed of one stream, llama-bench style'
            cand batch 'Batch throughput of a workload at several --parallel values'
            cand workload 'Print a synthetic workload as JSONL (id + messages), to feed other tools the same cases'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ddx;bench;single'= {
            cand -p 'Prompt tokens per run (random tokens, one batch)'
            cand --n-prompt 'Prompt tokens per run (random tokens, one batch)'
            cand -g 'Tokens generated per run (one at a time)'
            cand --n-gen 'Tokens generated per run (one at a time)'
            cand -r 'Measured runs (after one warm-up run)'
            cand --repetitions 'Measured runs (after one warm-up run)'
            cand -m 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand --model 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand -t 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --template 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --temperature 'Sampling temperature; 0 picks the most likely token every time (greedy)'
            cand --top-k 'Sample only from the K most likely tokens (0 = off)'
            cand --top-p 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)'
            cand --min-p 'Drop tokens less likely than P times the most likely one (0 = off)'
            cand --repeat-penalty 'Penalise tokens repeated in the last 64 (1 = off)'
            cand --seed 'Random seed: same input, settings and seed give the same output'
            cand -n 'Most tokens to generate per answer'
            cand --max-tokens 'Most tokens to generate per answer'
            cand --stop 'Stop the answer at this text (repeatable)'
            cand -c 'Tokens one case or conversation may use: prompt plus answer'
            cand --ctx-size 'Tokens one case or conversation may use: prompt plus answer'
            cand --threads 'CPU threads (default: the number of physical cores)'
            cand --gpu-layers 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build'
            cand --main-gpu 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)'
            cand --split-mode 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)'
            cand --flash-attn 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)'
            cand --cache-type-k 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost'
            cand --cache-type-v 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --json 'Print one JSON object instead of a table'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;bench;batch'= {
            cand -w 'Built-in synthetic workload: long-case or annotate'
            cand --workload 'Built-in synthetic workload: long-case or annotate'
            cand -i 'Measure on a JSONL case file instead of a synthetic workload'
            cand --input 'Measure on a JSONL case file instead of a synthetic workload'
            cand --cases 'Cases in the synthetic workload'
            cand -P 'Parallel values to measure, comma-separated'
            cand --parallel 'Parallel values to measure, comma-separated'
            cand -m 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand --model 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand -t 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --template 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --temperature 'Sampling temperature; 0 picks the most likely token every time (greedy)'
            cand --top-k 'Sample only from the K most likely tokens (0 = off)'
            cand --top-p 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)'
            cand --min-p 'Drop tokens less likely than P times the most likely one (0 = off)'
            cand --repeat-penalty 'Penalise tokens repeated in the last 64 (1 = off)'
            cand --seed 'Random seed: same input, settings and seed give the same output'
            cand -n 'Most tokens to generate per answer'
            cand --max-tokens 'Most tokens to generate per answer'
            cand --stop 'Stop the answer at this text (repeatable)'
            cand -c 'Tokens one case or conversation may use: prompt plus answer'
            cand --ctx-size 'Tokens one case or conversation may use: prompt plus answer'
            cand --threads 'CPU threads (default: the number of physical cores)'
            cand --gpu-layers 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build'
            cand --main-gpu 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)'
            cand --split-mode 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)'
            cand --flash-attn 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)'
            cand --cache-type-k 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost'
            cand --cache-type-v 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --json 'Print one JSON object instead of a table'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;bench;workload'= {
            cand --cases 'Number of cases'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;bench;help'= {
            cand single 'Prompt processing and generation speed of one stream, llama-bench style'
            cand batch 'Batch throughput of a workload at several --parallel values'
            cand workload 'Print a synthetic workload as JSONL (id + messages), to feed other tools the same cases'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ddx;bench;help;single'= {
        }
        &'ddx;bench;help;batch'= {
        }
        &'ddx;bench;help;workload'= {
        }
        &'ddx;bench;help;help'= {
        }
        &'ddx;eval'= {
            cand --map 'Take a case field from another field of the record: FIELD=SOURCE (repeatable; SOURCE may be a.b.c)'
            cand --report 'Write the full JSON report (metrics and every case''s prediction) to this file'
            cand --labels 'Treat every case as this label set ("yes,no,maybe" or @FILE) instead of its own options'
            cand --instruction 'The instruction the annotate template gives the model with --labels (TEXT, or @FILE)'
            cand -p 'Cases decoded at once when generating (default: chosen from the hardware)'
            cand --parallel 'Cases decoded at once when generating (default: chosen from the hardware)'
            cand --max-line-bytes 'Largest input line accepted, in bytes (longer lines are listed as errors)'
            cand -m 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand --model 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand -t 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --template 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --temperature 'Sampling temperature; 0 picks the most likely token every time (greedy)'
            cand --top-k 'Sample only from the K most likely tokens (0 = off)'
            cand --top-p 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)'
            cand --min-p 'Drop tokens less likely than P times the most likely one (0 = off)'
            cand --repeat-penalty 'Penalise tokens repeated in the last 64 (1 = off)'
            cand --seed 'Random seed: same input, settings and seed give the same output'
            cand -n 'Most tokens to generate per answer'
            cand --max-tokens 'Most tokens to generate per answer'
            cand --stop 'Stop the answer at this text (repeatable)'
            cand -c 'Tokens one case or conversation may use: prompt plus answer'
            cand --ctx-size 'Tokens one case or conversation may use: prompt plus answer'
            cand --threads 'CPU threads (default: the number of physical cores)'
            cand --gpu-layers 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build'
            cand --main-gpu 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)'
            cand --split-mode 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)'
            cand --flash-attn 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)'
            cand --cache-type-k 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost'
            cand --cache-type-v 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --generate 'Generate answers and extract the choice from the text, even for cases with options'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;templates'= {
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;chat'= {
            cand --case 'Start on a case: a JSONL case file, optionally with ''#ID'' for a case other than the first'
            cand --system 'A system prompt that replaces the template''s'
            cand --deid-dates 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year'
            cand --salt-file 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)'
            cand -m 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand --model 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand -t 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --template 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --temperature 'Sampling temperature; 0 picks the most likely token every time (greedy)'
            cand --top-k 'Sample only from the K most likely tokens (0 = off)'
            cand --top-p 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)'
            cand --min-p 'Drop tokens less likely than P times the most likely one (0 = off)'
            cand --repeat-penalty 'Penalise tokens repeated in the last 64 (1 = off)'
            cand --seed 'Random seed: same input, settings and seed give the same output'
            cand -n 'Most tokens to generate per answer'
            cand --max-tokens 'Most tokens to generate per answer'
            cand --stop 'Stop the answer at this text (repeatable)'
            cand -c 'Tokens one case or conversation may use: prompt plus answer'
            cand --ctx-size 'Tokens one case or conversation may use: prompt plus answer'
            cand --threads 'CPU threads (default: the number of physical cores)'
            cand --gpu-layers 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build'
            cand --main-gpu 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)'
            cand --split-mode 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)'
            cand --flash-attn 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)'
            cand --cache-type-k 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost'
            cand --cache-type-v 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --no-history 'Neither read nor write the history file'
            cand --deid 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a ''deid'' block'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;tui'= {
            cand --case 'Open at the case with this id (default: the first case)'
            cand --annotations 'Append your reviews (accepted, wrong, label, note) to this JSONL file; cases already in it show as reviewed'
            cand --deid-dates 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year'
            cand --salt-file 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)'
            cand -m 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand --model 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand -t 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --template 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --temperature 'Sampling temperature; 0 picks the most likely token every time (greedy)'
            cand --top-k 'Sample only from the K most likely tokens (0 = off)'
            cand --top-p 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)'
            cand --min-p 'Drop tokens less likely than P times the most likely one (0 = off)'
            cand --repeat-penalty 'Penalise tokens repeated in the last 64 (1 = off)'
            cand --seed 'Random seed: same input, settings and seed give the same output'
            cand -n 'Most tokens to generate per answer'
            cand --max-tokens 'Most tokens to generate per answer'
            cand --stop 'Stop the answer at this text (repeatable)'
            cand -c 'Tokens one case or conversation may use: prompt plus answer'
            cand --ctx-size 'Tokens one case or conversation may use: prompt plus answer'
            cand --threads 'CPU threads (default: the number of physical cores)'
            cand --gpu-layers 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build'
            cand --main-gpu 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)'
            cand --split-mode 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)'
            cand --flash-attn 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)'
            cand --cache-type-k 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost'
            cand --cache-type-v 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --deid 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a ''deid'' block'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;import'= {
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand fhir 'FHIR R4 JSON: Bundles (transaction, collection, searchset) and Bulk Data NDJSON exports'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ddx;import;fhir'= {
            cand --per 'One case per patient, or one per encounter (with that encounter''s entries)'
            cand --index-date 'Keep only what happened up to this date (YYYY-MM-DD), for prediction tasks; entries get day offsets relative to it'
            cand -o 'Write the cases to this file instead of stdout'
            cand --output 'Write the cases to this file instead of stdout'
            cand --deid-dates 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year'
            cand --salt-file 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --force 'Overwrite a non-empty output file'
            cand --deid 'Remove identifiers (names, dates, phone numbers, ...) from every case before anything else sees it; results get a ''deid'' block'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;import;help'= {
            cand fhir 'FHIR R4 JSON: Bundles (transaction, collection, searchset) and Bulk Data NDJSON exports'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ddx;import;help;fhir'= {
        }
        &'ddx;import;help;help'= {
        }
        &'ddx;deid'= {
            cand -o 'Write the de-identified cases to this file instead of stdout'
            cand --output 'Write the de-identified cases to this file instead of stdout'
            cand --deid-dates 'Dates: ''shift'' moves every date of a patient by the same secret number of days (keeps intervals); ''year'' keeps only the year'
            cand --salt-file 'File holding the secret that keys date shifts and pseudonyms (default: DDX_DEID_SALT, else one ddx generates in its data directory)'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --force 'Overwrite a non-empty output file'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;config'= {
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand paths 'Print every location ddx reads or writes: config file, data, cache, models, prompts'
            cand show 'Print the effective settings and where each came from (default, file, environment, flag)'
            cand init 'Write a commented default config.toml (never overwrites an existing file)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ddx;config;paths'= {
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --json 'Print one JSON object instead of aligned text'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;config;show'= {
            cand -m 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand --model 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand -t 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --template 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --temperature 'Sampling temperature; 0 picks the most likely token every time (greedy)'
            cand --top-k 'Sample only from the K most likely tokens (0 = off)'
            cand --top-p 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)'
            cand --min-p 'Drop tokens less likely than P times the most likely one (0 = off)'
            cand --repeat-penalty 'Penalise tokens repeated in the last 64 (1 = off)'
            cand --seed 'Random seed: same input, settings and seed give the same output'
            cand -n 'Most tokens to generate per answer'
            cand --max-tokens 'Most tokens to generate per answer'
            cand --stop 'Stop the answer at this text (repeatable)'
            cand -c 'Tokens one case or conversation may use: prompt plus answer'
            cand --ctx-size 'Tokens one case or conversation may use: prompt plus answer'
            cand --threads 'CPU threads (default: the number of physical cores)'
            cand --gpu-layers 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build'
            cand --main-gpu 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)'
            cand --split-mode 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)'
            cand --flash-attn 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)'
            cand --cache-type-k 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost'
            cand --cache-type-v 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --json 'Print one JSON object instead of commented TOML'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;config;init'= {
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;config;help'= {
            cand paths 'Print every location ddx reads or writes: config file, data, cache, models, prompts'
            cand show 'Print the effective settings and where each came from (default, file, environment, flag)'
            cand init 'Write a commented default config.toml (never overwrites an existing file)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ddx;config;help;paths'= {
        }
        &'ddx;config;help;show'= {
        }
        &'ddx;config;help;init'= {
        }
        &'ddx;config;help;help'= {
        }
        &'ddx;models'= {
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the GGUF files ddx knows: registry, data directory, ./models and the configured model'
            cand info 'Print a model''s GGUF metadata without loading its weights'
            cand verify 'Check the sha256 of model files against the registry'
            cand add 'Register a local GGUF file under a name usable with --model NAME'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ddx;models;list'= {
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --all 'Also list registry models that are not on this machine, with where to get them'
            cand --json 'Print a JSON array instead of a table'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;models;info'= {
            cand -m 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand --model 'GGUF model file (default: DDX_MODEL, the config file, then the default test model)'
            cand -t 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --template 'Prompt template: a built-in name (differential, summary, mcq, annotate, raw), your own, or a .toml path'
            cand --temperature 'Sampling temperature; 0 picks the most likely token every time (greedy)'
            cand --top-k 'Sample only from the K most likely tokens (0 = off)'
            cand --top-p 'Sample only from the smallest set of tokens whose probability reaches P (1 = off)'
            cand --min-p 'Drop tokens less likely than P times the most likely one (0 = off)'
            cand --repeat-penalty 'Penalise tokens repeated in the last 64 (1 = off)'
            cand --seed 'Random seed: same input, settings and seed give the same output'
            cand -n 'Most tokens to generate per answer'
            cand --max-tokens 'Most tokens to generate per answer'
            cand --stop 'Stop the answer at this text (repeatable)'
            cand -c 'Tokens one case or conversation may use: prompt plus answer'
            cand --ctx-size 'Tokens one case or conversation may use: prompt plus answer'
            cand --threads 'CPU threads (default: the number of physical cores)'
            cand --gpu-layers 'Layers to offload to the GPU: a number, ''all'', or ''auto'' (as many as fit in free GPU memory); always 0 on a CPU-only build'
            cand --main-gpu 'GPU that holds the model with ''--split-mode none'', and intermediate results otherwise (0 = first)'
            cand --split-mode 'How to spread the model over several GPUs: none (main GPU only), layer (whole layers), row (rows of each matrix)'
            cand --flash-attn 'Flash attention: faster attention kernel; ''auto'' (the default) lets llama.cpp decide (on for CPU)'
            cand --cache-type-k 'Element type of the KV cache''s keys; q8_0 halves its memory at a small accuracy cost'
            cand --cache-type-v 'Element type of the KV cache''s values; a quantised type (q8_0, q4_0, ...) needs --flash-attn on or auto'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --json 'Print one JSON object (every metadata key) instead of text'
            cand --sha256 'Also compute the file''s sha256 (reads the whole file)'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;models;verify'= {
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;models;add'= {
            cand --name 'Name to use with --model and `ddx models info` (letters, digits, ''.'', ''_'', ''-'')'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand --force 'Replace an existing registration of the same name'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;models;help'= {
            cand list 'List the GGUF files ddx knows: registry, data directory, ./models and the configured model'
            cand info 'Print a model''s GGUF metadata without loading its weights'
            cand verify 'Check the sha256 of model files against the registry'
            cand add 'Register a local GGUF file under a name usable with --model NAME'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ddx;models;help;list'= {
        }
        &'ddx;models;help;info'= {
        }
        &'ddx;models;help;verify'= {
        }
        &'ddx;models;help;add'= {
        }
        &'ddx;models;help;help'= {
        }
        &'ddx;generate'= {
            cand --dir 'Directory to write into (created if missing)'
            cand --config 'Read settings from this file instead of the default config.toml'
            cand --color 'When to use colours on stderr (NO_COLOR is honoured by ''auto'')'
            cand -q 'Print only data: no progress, stats or summary on stderr'
            cand --quiet 'Print only data: no progress, stats or summary on stderr'
            cand -v 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --verbose 'Print more on stderr: resolved settings, and llama.cpp''s own log'
            cand --no-config 'Ignore every config file (built-in defaults, DDX_* variables and flags only)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ddx;help'= {
            cand ask 'Ask the model one question and stream the answer to stdout'
            cand batch 'Run a model over a JSONL case file: one JSON result per input line, in input order'
            cand bench 'Measure speed and memory: single stream (like llama-bench) or batch throughput'
            cand eval 'Score a model against cases with a gold ''answer'': accuracy, per-class precision/recall, calibration'
            cand templates 'List the prompt templates (built-in and your own)'
            cand chat 'Talk with the model about one case at a time (a REPL with slash commands)'
            cand tui 'Review a case file in a terminal UI: the case, the conversation, the differential'
            cand import 'Import clinical data from another format as case records (JSONL on stdout)'
            cand deid 'Remove identifiers (HIPAA Safe Harbor types) from a JSONL case file'
            cand config 'Show where ddx keeps its files and which settings are in effect; write a starter config'
            cand models 'List, inspect, verify and register GGUF model files (never downloads anything)'
            cand generate 'Write shell completions and man pages generated from this command line (for packagers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ddx;help;ask'= {
        }
        &'ddx;help;batch'= {
        }
        &'ddx;help;bench'= {
            cand single 'Prompt processing and generation speed of one stream, llama-bench style'
            cand batch 'Batch throughput of a workload at several --parallel values'
            cand workload 'Print a synthetic workload as JSONL (id + messages), to feed other tools the same cases'
        }
        &'ddx;help;bench;single'= {
        }
        &'ddx;help;bench;batch'= {
        }
        &'ddx;help;bench;workload'= {
        }
        &'ddx;help;eval'= {
        }
        &'ddx;help;templates'= {
        }
        &'ddx;help;chat'= {
        }
        &'ddx;help;tui'= {
        }
        &'ddx;help;import'= {
            cand fhir 'FHIR R4 JSON: Bundles (transaction, collection, searchset) and Bulk Data NDJSON exports'
        }
        &'ddx;help;import;fhir'= {
        }
        &'ddx;help;deid'= {
        }
        &'ddx;help;config'= {
            cand paths 'Print every location ddx reads or writes: config file, data, cache, models, prompts'
            cand show 'Print the effective settings and where each came from (default, file, environment, flag)'
            cand init 'Write a commented default config.toml (never overwrites an existing file)'
        }
        &'ddx;help;config;paths'= {
        }
        &'ddx;help;config;show'= {
        }
        &'ddx;help;config;init'= {
        }
        &'ddx;help;models'= {
            cand list 'List the GGUF files ddx knows: registry, data directory, ./models and the configured model'
            cand info 'Print a model''s GGUF metadata without loading its weights'
            cand verify 'Check the sha256 of model files against the registry'
            cand add 'Register a local GGUF file under a name usable with --model NAME'
        }
        &'ddx;help;models;list'= {
        }
        &'ddx;help;models;info'= {
        }
        &'ddx;help;models;verify'= {
        }
        &'ddx;help;models;add'= {
        }
        &'ddx;help;generate'= {
        }
        &'ddx;help;help'= {
        }
    ]
    $completions[$command]
}
