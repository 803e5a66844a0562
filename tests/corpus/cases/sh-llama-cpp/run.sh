#!/usr/bin/env bash
set -euo pipefail

if [ ! -d llama.cpp ]; then
  git clone https://github.com/ggerganov/llama.cpp
  cmake -S llama.cpp -B llama.cpp/build -DGGML_CUDA=ON
  cmake --build llama.cpp/build --config Release -j
fi

# Local quantised model committed with the repo.
./llama.cpp/build/bin/llama-server -m models/qwen2.5-0.5b-instruct-q4_k_m.gguf --port 8080 -c 4096 &

# Smoke-test a model pulled straight from the Hub.
./llama.cpp/build/bin/llama-cli -hf ggml-org/gemma-3-1b-it-GGUF -p "Hello" -n 32
