// Builds the public front end into static/build/: GOV.UK Frontend compiled from Sass with
// the council's settings (unbranded: no crown, no GDS Transport), its script, and our own files.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, "static", "build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const result = sass.compile(join(root, "static", "src", "scss", "main.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "css", "main.css"), result.css);

// Only images: the GDS Transport font files are GOV.UK's alone and never shipped.
cpSync(join(govuk, "assets", "images"), join(out, "assets", "images"), { recursive: true });
// Drop the source map comment: the map is not shipped, and the production static storage
// refuses files that reference missing ones.
const bundle = readFileSync(join(govuk, "all.bundle.js"), "utf8");
writeFileSync(
  join(out, "js", "govuk-frontend.js"),
  bundle.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"),
);
cpSync(join(root, "static", "src", "js"), join(out, "js"), { recursive: true });
cpSync(join(root, "static", "src", "images"), join(out, "images"), { recursive: true });
console.log("Built static/build/ (css, js, images)");
