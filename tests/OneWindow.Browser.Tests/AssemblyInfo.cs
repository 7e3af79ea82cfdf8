// Each browser test class starts its own app on Kestrel and a Chromium; on a 2-core machine running them side by side
// starves the Blazor circuits and makes waits flaky, so the classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
