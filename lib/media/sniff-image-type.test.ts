import { describe, expect, it } from "vitest";
import { sniffImageType } from "./sniff-image-type";

describe("sniffImageType", () => {
  it("reads the type from magic bytes", () => {
    expect(sniffImageType(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ", "base64"))).toEqual({ ext: "png", contentType: "image/png" });
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toEqual({ ext: "jpg", contentType: "image/jpeg" });
    expect(sniffImageType(Buffer.from("GIF87a\x01\x00"))).toEqual({ ext: "gif", contentType: "image/gif" });
    expect(sniffImageType(Buffer.from("RIFF\x00\x00\x00\x00WEBPVP8L"))).toEqual({ ext: "webp", contentType: "image/webp" });
  });

  it("refuses SVG, short input and look-alikes", () => {
    expect(sniffImageType(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8]))).toBeNull();
    expect(sniffImageType(Buffer.from("GIF89"))).toBeNull();
    expect(sniffImageType(Buffer.from("RIFF\x00\x00\x00\x00WEBPXXXX"))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});
