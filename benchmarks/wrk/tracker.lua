-- wrk script: page views as tracker.js sends them (POST /track/<site>, JSON in a text/plain body,
-- an Origin header as a browser adds it). Each request is another page of the site and, for one
-- request in four, another visitor, so the per-page hash and the HyperLogLog both change.
-- Run: wrk -t2 -c64 -d30s --latency -s benchmarks/wrk/tracker.lua http://localhost:8080/track/bench
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain;charset=UTF-8"
wrk.headers["Origin"] = "https://shop.example.com"

local n = 0
request = function()
  n = n + 1
  local body = string.format(
    '{"url":"https://shop.example.com/products/%d?ref=bench","referrer":"https://search.example/",' ..
    '"title":"Product %d","time":1764110000000,"visitor":"v-%d"}', n % 500, n % 500, math.floor(n / 4))
  return wrk.format(nil, nil, nil, body)
end
