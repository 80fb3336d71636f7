-- Submits for wrk: every request POSTs a different ready draft. Each wrk thread takes its
-- own slice of the draft cookies (one per line in BENCH_COOKIES) and counts the answers it
-- got, so the runner can compare stored responses with successful submits.
local threads = {}
local next_id = 0

setup = function(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

init = function(args)
  local path, slug, csrf, count = args[1], args[2], args[3], tonumber(args[4])
  cookies = {}
  local index = 0
  for line in io.lines(path) do
    if index % count == id then
      table.insert(cookies, line)
    end
    index = index + 1
  end
  url = "/s/" .. slug .. "/submit/"
  token = csrf
  position = 0
  sent_ok = 0
  other = 0
  exhausted = 0
end

request = function()
  position = position + 1
  local cookie = cookies[position]
  if cookie == nil then
    exhausted = 1
    cookie = cookies[1]
  end
  return wrk.format("POST", url, {
    ["Cookie"] = "survey_draft=" .. cookie .. "; csrftoken=" .. token,
    ["X-CSRFToken"] = token,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "")
end

response = function(status, headers, body)
  if status == 302 then
    sent_ok = sent_ok + 1
  else
    other = other + 1
  end
end

done = function(summary, latency, requests)
  local ok, failed, ran_out = 0, 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("sent_ok")
    failed = failed + thread:get("other")
    ran_out = ran_out + thread:get("exhausted")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + failed
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f errors=%d p95_ms=%.2f ok=%d exhausted=%d\n",
    summary.requests, summary.duration / 1e6, errors, latency:percentile(95) / 1000, ok,
    ran_out))
end
