import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["DEEPSEEK_API_KEY"], base_url="https://api.deepseek.com")

chat = client.chat.completions.create(
    model="deepseek-chat", messages=[{"role": "user", "content": "Hello"}]
)
proof = client.chat.completions.create(
    model="deepseek-reasoner", messages=[{"role": "user", "content": "Prove that 2 is prime."}]
)
