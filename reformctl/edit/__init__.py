"""Write commands: pure edit plans, atomic writes, and commits through GitPython."""
