// "express4" is npm:express@4, installed beside Express 5 so the zoo can run both majors. There is no
// @types/express@4 here: describe it with the installed Express types (v4's routing/middleware surface
// the tests use — express(), .get/.post/.use, express.json/raw/urlencoded — is the same).
declare module "express4" {
  import express from "express";
  export default express;
}
