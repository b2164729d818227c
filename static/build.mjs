// Builds the public front end into static/build/: GOV.UK Frontend compiled from Sass with
// the council's settings (unbranded: no crown, no GDS Transport), its script with only the
// components we use, and our own files, all minified (page weight budget: docs/performance.md).
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
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
// GOV.UK Frontend's script: only the components the templates use (static/src/entry/), as one
// classic script defining window.GOVUKFrontend, as the whole bundle did. No source map: it is
// not shipped, and the production static storage refuses files that reference missing ones.
const common = { bundle: true, minify: true, format: "iife", target: "es2015", legalComments: "none" };
esbuild.buildSync({
  ...common,
  entryPoints: [join(root, "static", "src", "entry", "govuk-frontend.mjs")],
  outfile: join(out, "js", "govuk-frontend.js"),
  globalName: "GOVUKFrontend",
});
// Our own scripts, minified one by one (each page loads only the ones it needs).
const ours = join(root, "static", "src", "js");
for (const name of readdirSync(ours).filter((file) => file.endsWith(".js"))) {
  esbuild.buildSync({ ...common, entryPoints: [join(ours, name)], outfile: join(out, "js", name) });
}
cpSync(join(root, "static", "src", "images"), join(out, "images"), { recursive: true });
console.log("Built static/build/ (css, js, images)");
