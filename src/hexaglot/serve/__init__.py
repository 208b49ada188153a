"""serve: the front ends (CLI now; HTTP and web later), thin layers over the library."""
