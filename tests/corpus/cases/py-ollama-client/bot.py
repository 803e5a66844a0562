import ollama

ollama.pull("qwen2.5-coder:7b")

reply = ollama.chat(
    model="llama3.1:8b",
    messages=[{"role": "user", "content": "Why is the sky blue?"}],
)
vector = ollama.embeddings(model="nomic-embed-text", prompt="The sky is blue.")

client = ollama.Client(host="http://gpu-box:11434")
summary = client.generate(model="mistral:latest", prompt="Summarise: " + reply["message"]["content"])
