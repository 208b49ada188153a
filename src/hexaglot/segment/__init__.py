"""segment: sentence splitting for the six UN languages."""
