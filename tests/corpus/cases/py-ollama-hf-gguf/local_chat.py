from ollama import Client

client = Client()
client.pull("hf.co/unsloth/gemma-3-4b-it-GGUF")

response = client.chat(
    model="hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
    messages=[{"role": "user", "content": "Tell me a joke."}],
)
print(response.message.content)
