"""Compatibility package: the official SDK's ``agb.modules`` paths (``agb.modules.file_system``)."""
