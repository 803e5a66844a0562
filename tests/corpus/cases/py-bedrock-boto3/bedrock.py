import json

import boto3

runtime = boto3.client("bedrock-runtime", region_name="us-east-1")


def summarise(text: str) -> str:
    body = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 512,
        "messages": [{"role": "user", "content": text}],
    }
    response = runtime.invoke_model(
        modelId="anthropic.claude-3-haiku-20240307-v1:0", body=json.dumps(body)
    )
    return json.loads(response["body"].read())["content"][0]["text"]


def chat(prompt: str) -> str:
    response = runtime.converse(
        modelId="us.meta.llama3-2-11b-instruct-v1:0",
        messages=[{"role": "user", "content": [{"text": prompt}]}],
    )
    return response["output"]["message"]["content"][0]["text"]


def embed(text: str) -> list[float]:
    response = runtime.invoke_model(
        modelId="amazon.titan-embed-text-v2:0", body=json.dumps({"inputText": text})
    )
    return json.loads(response["body"].read())["embedding"]
