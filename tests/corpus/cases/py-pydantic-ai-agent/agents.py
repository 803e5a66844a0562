from pydantic import BaseModel
from pydantic_ai import Agent


class Verdict(BaseModel):
    category: str
    urgent: bool


support_agent = Agent("openai:gpt-4o", system_prompt="You are a support agent.")
triage_agent = Agent("anthropic:claude-3-5-sonnet-latest", output_type=Verdict)
summary_agent = Agent("google-gla:gemini-1.5-flash", system_prompt="Summarise in one line.")
fast_agent = Agent(model="groq:llama-3.3-70b-versatile")
