"""The back office in a real browser: headless Chromium driven by Playwright against gunicorn
on a scratch database of the leg's backend (issue 14)."""
