"""Talk to the llama.cpp server started by serve.sh; the model names are its aliases."""
from openai import OpenAI
import llama_cpp

client = OpenAI(base_url="http://127.0.0.1:8080/v1", api_key="sk-no-key-required")
MODEL = "gpt-3.5-turbo"


def ask(question: str) -> str:
    reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": question}])
    return reply.choices[0].message.content


llm = llama_cpp.Llama.from_pretrained(repo_id="Qwen/Qwen2.5-0.5B-Instruct-GGUF", filename="*q4_k_m.gguf")
llm.create_chat_completion(model="gpt-4", messages=[])
