-- Prints one machine-readable line after a wrk run (used by bench/site.py).
-- wrk reports latency in microseconds.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "WRK requests=%d seconds=%.3f p50=%.3f p95=%.3f p99=%.3f errors=%d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors))
end
