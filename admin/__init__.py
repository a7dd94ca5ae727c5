"""Orchestration: the dispatcher (the one door for every request), tasks and planner, the
council (engine routing, fallback, vote), the courier (Function_Courier.md), the lifecycle log,
AgentMemory, chat, configuration and trust.

May import nca.workers; never nca.server.
"""
