// msgpackr's build without `new Function` and without its native add-on ships no types of its own;
// its API is the package's.
declare module 'msgpackr/index-no-eval' {
  export * from 'msgpackr';
}
