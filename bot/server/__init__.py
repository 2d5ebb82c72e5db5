"""HTTP and process management: the ASGI front, health, worker supervisor, serve (signals, pid file)."""
