"""JupyterLab configuration for this course:  jupyter lab --config=jupyter/jupyter_server_config.py

A notebook saved after running keeps each explorer as its figure: the live widget's view is not written to
the file (the widget lives in the kernel, which is gone when the notebook is reopened, so the view could
only say "Error displaying widget: model not found"); the PNG and the line "run the notebook to use the
sliders" stored beside it are.  Run the cell again to get the sliders back.
"""

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def keep_figures_not_widget_views(model, **kwargs):
    """Before a notebook is saved: drop the widget view of every output that also carries a figure."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    for cell in model["content"].get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "image/png" in data:
                del data[WIDGET_VIEW]


c = get_config()  # noqa: F821  (defined by Jupyter when it loads this file)
c.ContentsManager.pre_save_hook = keep_figures_not_widget_views
