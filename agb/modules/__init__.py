"""The official SDK's ``agb.modules`` package: compatibility paths to the session's modules."""
