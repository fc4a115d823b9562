import { describe, expect, it } from "vitest";
import { createGatewayMetrics } from "../gateway/metrics";

describe("the gateway's metrics", () => {
  it("count error codes past the 50th distinct one, and codes that are not codes, as other", async () => {
    const metrics = createGatewayMetrics();
    for (let i = 0; i < 60; i++) metrics.refused(`CODE_${i}`);
    metrics.refused("CODE_0");
    metrics.refused("not a code\n");
    const { values } = await metrics.registry.getSingleMetric("clusterhub_gateway_errors_total")!.get();
    const byCode = Object.fromEntries(values.map(v => [v.labels.code, v.value]));
    expect(Object.keys(byCode)).toHaveLength(51);
    expect(byCode).toMatchObject({ CODE_0: 2, CODE_49: 1, other: 11 });
    expect(byCode.CODE_50).toBeUndefined();
  });
});
