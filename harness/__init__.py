"""What the benchmark (bench/) and the load and soak run (soak/) both stand on: scratch
databases, gunicorn on loopback, the machine's facts, the results files and the options they
share. Kept in one place so that both measure the app under the same conditions."""
