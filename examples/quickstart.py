"""The guide's quickstart: create a session, run one action, delete it.

Runs against the real service with AGB_API_KEY set, or against the local mock with
AGB_ENDPOINT=http://127.0.0.1:PORT (``make quickstart`` does that for you).
"""

from agb import AGB
from agb.session_params import CreateSessionParams

agb = AGB()
create_result = agb.create(CreateSessionParams(image_id="agb-code-space-1"))
if not create_result.success:
    raise SystemExit(f"Session creation failed: {create_result.error_message}")

session = create_result.session
print("Session created:", session.session_id)

# Do something in the session
result = session.code.run("print('Hello from AGB')", "python")
print("Code output:", "".join(result.logs.stdout).strip())

delete_result = agb.delete(session)
print("Deleted:", delete_result.success)
