"""Courtside's common package: settings, warehouse, schemas, logging, errors, resilience."""
