/* cardguide typesets no math. Voilà's page still loads a MathJax URL at start-up; this
   stand-in for the CDN copy answers the MathJax 2 calls JupyterLab's plugin makes and
   leaves text as it is, so the viewer's browser asks only this server. */
window.MathJax = window.MathJax || {
  Hub: {
    Config: function () {},
    Configured: function () {},
    Queue: function () {},
    Register: { StartupHook: function () {}, MessageHook: function () {} },
  },
};
