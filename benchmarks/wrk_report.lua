-- Printed by wrk when a run ends: the figures benchmarks/load.py reads.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH requests=%d seconds=%.3f errors=%d p95_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, errors, latency:percentile(95) / 1000))
end
