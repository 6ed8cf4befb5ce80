"""Adapters: implementations of the application's ports, one package per technology."""
