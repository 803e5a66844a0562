import anthropic

client = anthropic.Anthropic()
FAST_MODEL = "claude-3-5-haiku-20241022"


def classify(ticket: str) -> str:
    message = client.messages.create(
        model=FAST_MODEL,
        max_tokens=16,
        messages=[{"role": "user", "content": f"Label this ticket: {ticket}"}],
    )
    return message.content[0].text


def draft_reply(ticket: str) -> str:
    tokens = client.messages.count_tokens(
        model="claude-3-5-sonnet-20241022", messages=[{"role": "user", "content": ticket}]
    )
    message = client.messages.create(
        model="claude-3-5-sonnet-20241022",
        max_tokens=min(4096, 8 * tokens.input_tokens),
        messages=[{"role": "user", "content": ticket}],
    )
    return message.content[0].text
