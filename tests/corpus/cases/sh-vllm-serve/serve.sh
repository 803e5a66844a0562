#!/usr/bin/env bash
# Start the chat model and the code model behind one gateway.
set -euo pipefail

MODEL="${MODEL:-meta-llama/Llama-3.1-8B-Instruct}"

vllm serve "$MODEL" \
  --tensor-parallel-size 2 \
  --max-model-len 8192 \
  --served-model-name llama &

python -m vllm.entrypoints.openai.api_server \
  --model Qwen/Qwen2.5-Coder-7B-Instruct \
  --port 8001 &

wait
