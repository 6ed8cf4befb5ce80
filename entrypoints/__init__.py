"""Delivery and composition: container, settings, logging, HTTP, workers, scheduler, CLI."""
