#!/bin/sh
set -e

huggingface-cli download TheBloke/Llama-2-7B-Chat-GGUF llama-2-7b-chat.Q4_K_M.gguf \
  --local-dir models --local-dir-use-symlinks False

hf download openai/gpt-oss-20b --include "original/*" --local-dir gpt-oss-20b/

# Pretraining sample for the tokenizer experiments.
huggingface-cli download --repo-type dataset HuggingFaceFW/fineweb-edu --include "sample/10BT/*"
