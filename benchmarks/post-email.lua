-- wrk script for POST /api/emails: one JSON email with a text body of BENCH_BODY_BYTES bytes (lines
-- of 78 characters plus a line feed, as the Java tools send), the bearer token from BENCH_TOKEN.
-- done() prints key=value lines that benchmarks/run-all.sh reads.
local bytes = tonumber(os.getenv("BENCH_BODY_BYTES") or "2048")
local lines = {}
local size = 0
while size < bytes do
  local line = math.min(78, bytes - size - 1)
  if line < 0 then line = 0 end
  table.insert(lines, string.rep("x", line))
  size = size + line + 1
end
local text = table.concat(lines, "\\n") .. "\\n"

wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.body = '{"to":["load@example.com"],"subject":"Benchmark","text":"' .. text .. '"}'

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("requests=%d\n", summary.requests))
  io.write(string.format("seconds=%.3f\n", seconds))
  io.write(string.format("rate=%.1f\n", summary.requests / seconds))
  io.write(string.format("non_2xx=%d\n", summary.errors.status))
  io.write(string.format("socket_errors=%d\n", summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
  io.write(string.format("accepted_rate=%.1f\n", (summary.requests - summary.errors.status) / seconds))
  for _, p in pairs({ 50, 99, 99.9 }) do
    io.write(string.format("p%s_ms=%.3f\n", tostring(p):gsub("%.0$", ""), latency:percentile(p) / 1000))
  end
end
