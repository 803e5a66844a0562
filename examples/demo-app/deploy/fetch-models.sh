#!/usr/bin/env bash
# Pre-fetch the weights the stack serves, so containers start offline.
set -euo pipefail
WHISPER_MODEL="${WHISPER_MODEL:-openai/whisper-small}"
huggingface-cli download meta-llama/Llama-3.1-8B-Instruct --include "*.safetensors"
huggingface-cli download "$WHISPER_MODEL"
