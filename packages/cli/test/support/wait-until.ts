/** Polls `condition` until it holds; fails with `message` after `ms`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  ms = 30_000,
  message = "the condition did not hold in time",
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
