from crewai import Agent, Crew, Process
from crewai.project import CrewBase, agent, crew


@CrewBase
class ResearchCrew:
    agents_config = "config/agents.yaml"

    @agent
    def researcher(self) -> Agent:
        return Agent(config=self.agents_config["researcher"], verbose=True)

    @agent
    def writer(self) -> Agent:
        return Agent(config=self.agents_config["writer"])

    @agent
    def reviewer(self) -> Agent:
        return Agent(config=self.agents_config["reviewer"])

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks, process=Process.sequential)
