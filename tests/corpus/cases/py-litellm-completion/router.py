from litellm import completion, embedding

MESSAGES = [{"role": "user", "content": "Hello, how are you?"}]

primary = completion(model="anthropic/claude-3-5-sonnet-20241022", messages=MESSAGES)
local = completion(model="ollama/llama3", messages=MESSAGES, api_base="http://localhost:11434")
cheap = completion(model="groq/llama-3.1-8b-instant", messages=MESSAGES)
open_weights = completion(model="together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", messages=MESSAGES)
vectors = embedding(model="cohere/embed-english-v3.0", input=["good morning"])
