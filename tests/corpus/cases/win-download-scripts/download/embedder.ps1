$Repo = "https://huggingface.co/nomic-ai/nomic-embed-text-v1.5-GGUF"
# $Old = "https://huggingface.co/acme/old-embedder"
Invoke-WebRequest -Uri "$Repo/resolve/main/nomic-embed-text-v1.5.Q8_0.gguf" -OutFile embed.gguf
