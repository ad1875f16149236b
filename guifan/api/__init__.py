"""The API for clients (the city's mobile platform, the WeChat mini-program): device tokens, the register read
through each app's own api/ package, and what a secretary does on a phone (reports, notices)."""
