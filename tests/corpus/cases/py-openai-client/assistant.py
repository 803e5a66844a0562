from openai import OpenAI

client = OpenAI()


def answer(question: str) -> str:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    return completion.choices[0].message.content or ""


def plan(task: str) -> str:
    return client.responses.create(model="o3-mini", input=task).output_text


def embed(text: str) -> list[float]:
    return client.embeddings.create(model="text-embedding-3-small", input=text).data[0].embedding


def transcribe(path: str) -> str:
    with open(path, "rb") as audio:
        return client.audio.transcriptions.create(model="whisper-1", file=audio).text
