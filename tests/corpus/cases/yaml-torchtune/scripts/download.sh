#!/usr/bin/env bash
set -euo pipefail
tune download meta-llama/Meta-Llama-3.1-8B-Instruct \
  --output-dir /tmp/Meta-Llama-3.1-8B-Instruct \
  --ignore-patterns "original/consolidated.00.pth"
tune run --nproc_per_node 2 lora_finetune_distributed --config configs/8B_lora.yaml
