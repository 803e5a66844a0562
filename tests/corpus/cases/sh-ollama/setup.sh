#!/usr/bin/env bash
set -euo pipefail

ollama pull llama3.2:3b
ollama pull nomic-embed-text:latest
ollama run deepseek-r1:7b "Summarise the release notes in CHANGELOG.md" < /dev/null
ollama list
