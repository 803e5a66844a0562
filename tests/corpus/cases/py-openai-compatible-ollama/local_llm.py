from openai import OpenAI

# Ollama serves an OpenAI-compatible API on its default port.
client = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")

response = client.chat.completions.create(
    model="llama3.2",
    messages=[{"role": "user", "content": "Say this is a test"}],
)
print(response.choices[0].message.content)
