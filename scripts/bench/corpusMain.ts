// `npm run bench:corpus -- --mb N [--seed S] [--root DIR]`: generates (or reuses) the realistic corpus and prints its
// manifest, e.g. to point an agent CLI or the extension at it by hand (HOME=<home>, open <workspaceFolders>).
import { corpusCli } from './realisticCorpus';

corpusCli(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
