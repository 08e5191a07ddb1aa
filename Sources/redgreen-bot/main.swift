print("redgreen-bot: not built yet")
