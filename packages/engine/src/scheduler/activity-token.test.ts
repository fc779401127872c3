import { BadRequestError } from "@eventual/core";
import { describe, expect, it } from "vitest";
import { decodeActivityToken, encodeActivityToken } from "./activity-token.js";

describe("activity tokens", () => {
  it("name the activity and the attempt that handed them out", () => {
    const ref = { executionId: "order~42", seq: 3, name: "charge", attempt: 2 };
    expect(decodeActivityToken(encodeActivityToken(ref))).toEqual(ref);
  });

  it("read a token handed out before they carried the attempt as attempt 1", () => {
    const older = Buffer.from(JSON.stringify(["order~42", 3, "charge"])).toString("base64url");
    expect(decodeActivityToken(older)).toEqual({
      executionId: "order~42",
      seq: 3,
      name: "charge",
      attempt: 1,
    });
  });

  it.each(["", "not base64 json", Buffer.from('["a", 1.5, "b"]').toString("base64url")])(
    "refuse %j as a bad request",
    (token) => {
      expect(() => decodeActivityToken(token)).toThrow(BadRequestError);
    },
  );
});
