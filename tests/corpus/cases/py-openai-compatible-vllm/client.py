import os

from openai import OpenAI

MODEL = "meta-llama/Llama-3.1-8B-Instruct"

client = OpenAI(
    base_url=os.getenv("VLLM_BASE_URL", "http://localhost:8000/v1"),
    api_key="EMPTY",
)

completion = client.chat.completions.create(
    model=MODEL,
    messages=[{"role": "user", "content": "Give me three facts about llamas."}],
)
print(completion.choices[0].message.content)
