from langchain.chat_models import init_chat_model
from langgraph.prebuilt import create_react_agent


def get_weather(city: str) -> str:
    """Get the weather for a given city."""
    return f"It's always sunny in {city}!"


model = init_chat_model("anthropic:claude-3-5-haiku-latest", temperature=0)
fallback = init_chat_model("gpt-4.1-mini", model_provider="openai")
agent = create_react_agent(
    model="openai:gpt-4.1",
    tools=[get_weather],
    prompt="You are a helpful assistant",
)
