"""The Slack surfaces: the Bolt app, its listeners, Block Kit rendering and event de-duplication."""
